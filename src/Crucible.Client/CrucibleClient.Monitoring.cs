using System.Globalization;
using Crucible.Contracts.Monitoring;

namespace Crucible.Client;

/// <summary>Drift monitors and alerts: Crucible's native <c>/api/crucible/v1/monitors</c> and <c>/alerts</c> API (ProblemDetails errors).</summary>
public sealed partial class CrucibleClient
{
    private const string MonitorsApi = NativeApi + "monitors";

    private static MonitoringJsonContext Monitoring => MonitoringJsonContext.Default;

    /// <summary>Creates a monitor of a deployment's traffic against a reference window; an unknown deployment throws with <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public async Task<MonitorDto> CreateMonitorAsync(MonitorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(TrackingUri, MonitorsApi)) { Content = JsonBody(request, Monitoring.MonitorRequest) };
        return (await SendAsync(message, Monitoring.MonitorResponse, cancellationToken).ConfigureAwait(false)).Monitor;
    }

    /// <summary>Monitors oldest first, optionally of one deployment.</summary>
    public async Task<IReadOnlyList<MonitorDto>> ListMonitorsAsync(string? deployment = null, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, MonitorsApi + new QueryString().Add("deployment", deployment)));
        return (await SendAsync(message, Monitoring.MonitorsResponse, cancellationToken).ConfigureAwait(false)).Monitors ?? [];
    }

    /// <summary>One monitor; an unknown id throws with <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public async Task<MonitorDto> GetMonitorAsync(string id, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, MonitorUri(id));
        return (await SendAsync(message, Monitoring.MonitorResponse, cancellationToken).ConfigureAwait(false)).Monitor;
    }

    /// <summary>Deletes a monitor with its alerts and retraining signals.</summary>
    public async Task DeleteMonitorAsync(string id, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, MonitorUri(id));
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(message, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns a monitor on or off (the server's loop skips disabled monitors); returns it.</summary>
    public async Task<MonitorDto> SetMonitorEnabledAsync(string id, bool enabled, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Patch, MonitorUri(id))
        {
            Content = JsonBody(new PatchMonitorRequest { Enabled = enabled }, Monitoring.PatchMonitorRequest),
        };
        return (await SendAsync(message, Monitoring.MonitorResponse, cancellationToken).ConfigureAwait(false)).Monitor;
    }

    /// <summary>Retraining signals raised by monitors' alerts, newest first, optionally of one deployment.</summary>
    public async Task<IReadOnlyList<RetrainingSignalDto>> ListRetrainingSignalsAsync(string? deployment = null, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("deployment", deployment).Add("max_results", maxResults?.ToString(CultureInfo.InvariantCulture));
        using var message = new HttpRequestMessage(HttpMethod.Get, NativeUri("retraining-signals" + query));
        return (await SendAsync(message, Monitoring.RetrainingSignalsResponse, cancellationToken).ConfigureAwait(false)).Signals ?? [];
    }

    /// <summary>Evaluates a monitor over [windowStart, windowEnd) (epoch milliseconds): the drift report and the window's alert, if any.</summary>
    public async Task<RunMonitorResponse> RunMonitorAsync(string id, long windowStart, long windowEnd, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var body = new RunMonitorRequest { WindowStart = windowStart, WindowEnd = windowEnd };
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(TrackingUri, $"{MonitorsApi}/{Uri.EscapeDataString(id)}/run"))
        {
            Content = JsonBody(body, Monitoring.RunMonitorRequest),
        };
        return await SendAsync(message, Monitoring.RunMonitorResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Alerts newest window first, optionally of one deployment and one status (<c>firing</c> or <c>resolved</c>).</summary>
    public async Task<IReadOnlyList<AlertDto>> ListAlertsAsync(string? deployment = null, string? status = null, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("deployment", deployment).Add("status", status).Add("max_results", maxResults?.ToString(CultureInfo.InvariantCulture));
        using var message = new HttpRequestMessage(HttpMethod.Get, NativeUri("alerts" + query));
        return (await SendAsync(message, Monitoring.AlertsResponse, cancellationToken).ConfigureAwait(false)).Alerts ?? [];
    }

    private Uri MonitorUri(string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return new Uri(TrackingUri, $"{MonitorsApi}/{Uri.EscapeDataString(id)}");
    }
}
