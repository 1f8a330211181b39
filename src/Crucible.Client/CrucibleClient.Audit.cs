using System.Globalization;
using Crucible.Contracts.Audit;

namespace Crucible.Client;

/// <summary>Filters of an audit listing or export; every one is optional.</summary>
public sealed record AuditFilter
{
    /// <summary>Only this caller's entries.</summary>
    public string? Actor { get; init; }

    /// <summary>Only actions starting with this text, e.g. <c>POST /api/2.0/mlflow/runs</c>.</summary>
    public string? ActionPrefix { get; init; }

    /// <summary>Inclusive lower bound: Unix milliseconds or an ISO 8601 time.</summary>
    public string? Since { get; init; }

    /// <summary>Exclusive upper bound: Unix milliseconds or an ISO 8601 time.</summary>
    public string? Until { get; init; }

    /// <summary>Only entries answered with this HTTP status.</summary>
    public int? Outcome { get; init; }
}

/// <summary>The audit trail: Crucible's native <c>/api/crucible/v1/audit</c> API (admins only; ProblemDetails errors).</summary>
public sealed partial class CrucibleClient
{
    private const string AuditApi = "api/crucible/v1/audit";

    private static AuditJsonContext AuditJson => AuditJsonContext.Default;

    /// <summary>One page of entries after sequence <paramref name="after"/>, oldest first; follow <see cref="AuditListResponse.NextAfter"/>.</summary>
    public async Task<AuditListResponse> ListAuditAsync(AuditFilter? filter = null, long after = 0, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        var query = Filter(filter)
            .Add("after", after > 0 ? after.ToString(CultureInfo.InvariantCulture) : null)
            .Add("max_results", maxResults?.ToString(CultureInfo.InvariantCulture));
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, AuditApi + query));
        return await SendAsync(message, AuditJson.AuditListResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams every matching entry as JSON lines (one <see cref="AuditEntryDto"/> a line) into <paramref name="destination"/>.</summary>
    public Task ExportAuditAsync(Stream destination, AuditFilter? filter = null, CancellationToken cancellationToken = default) =>
        DownloadAsync(new Uri(TrackingUri, AuditApi + "/export" + Filter(filter)), destination, cancellationToken);

    /// <summary>Checks the hash chain on the server: intact, or the first sequence where it breaks.</summary>
    public async Task<AuditVerifyResponse> VerifyAuditAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(TrackingUri, AuditApi + "/verify"));
        return await SendAsync(message, AuditJson.AuditVerifyResponse, cancellationToken).ConfigureAwait(false);
    }

    private static QueryString Filter(AuditFilter? filter) => new QueryString()
        .Add("actor", filter?.Actor)
        .Add("action", filter?.ActionPrefix)
        .Add("since", filter?.Since)
        .Add("until", filter?.Until)
        .Add("outcome", filter?.Outcome?.ToString(CultureInfo.InvariantCulture));
}
