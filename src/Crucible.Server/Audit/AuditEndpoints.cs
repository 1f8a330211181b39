using System.Globalization;
using System.Text.Json;
using Crucible.Contracts.Audit;
using Crucible.Core.Audit;
using Crucible.Core.Errors;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Security;

namespace Crucible.Server.Audit;

/// <summary>
/// The audit trail's native API (ProblemDetails errors), for admins only: <c>GET /api/crucible/v1/audit</c> lists
/// entries (filters <c>actor</c>, <c>action</c> prefix, <c>since</c>/<c>until</c> as Unix ms or ISO 8601,
/// <c>outcome</c>; paging with <c>after</c> and <c>max_results</c>), <c>GET .../audit/export</c> streams every
/// matching entry as JSON lines, and <c>POST .../audit/verify</c> (reads only) checks the hash chain.
/// </summary>
internal static class AuditEndpoints
{
    private const int DefaultPage = 100;

    private static AuditJsonContext Json => AuditJsonContext.Default;

    public static void MapAudit(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup(Endpoints.Native.NativeApi.Root + "/audit").RequireAccess(AccessPolicies.Administration);
        audit.MapGet(string.Empty, ListAsync)
            .Native("ListAudit", "List audit entries (filters: actor, action prefix, since, until, outcome; paging by sequence)").Produces<AuditListResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        audit.MapGet("export", ExportAsync)
            .Native("ExportAudit", "Export matching audit entries as JSON lines").ProducesBytes("application/x-ndjson");
        audit.MapPost("verify", VerifyAsync).ReadsOnly()
            .Native("VerifyAudit", "Check the audit trail's hash chain").Produces<AuditVerifyResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IAuditStore store)
    {
        RequireAdmin(http);
        var query = Query(http.Request.Query, paged: true);
        var entries = await store.ListAsync(query, http.RequestAborted);
        long? next = entries.Count == query.MaxResults ? entries[^1].Sequence : null;
        return TypedResults.Json(new AuditListResponse([.. entries.Select(ToDto)], next), Json.AuditListResponse);
    }

    /// <summary>Pages through the store and writes each entry as one line, so memory stays flat whatever the trail's size.</summary>
    private static async Task ExportAsync(HttpContext http, IAuditStore store)
    {
        RequireAdmin(http);
        var query = Query(http.Request.Query, paged: false) with { MaxResults = AuditQuery.MaxPage };
        var response = http.Response;
        response.ContentType = "application/x-ndjson";
        var newline = "\n"u8.ToArray();
        while (true)
        {
            var page = await store.ListAsync(query, http.RequestAborted);
            foreach (var entry in page)
            {
                await JsonSerializer.SerializeAsync(response.Body, ToDto(entry), Json.AuditEntryDto, http.RequestAborted);
                await response.Body.WriteAsync(newline, http.RequestAborted);
            }

            if (page.Count < query.MaxResults)
            {
                return;
            }

            query = query with { AfterSequence = page[^1].Sequence };
        }
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, IAuditStore store)
    {
        RequireAdmin(http);
        var result = await AuditChain.VerifyAsync(store, http.RequestAborted);
        return TypedResults.Json(
            new AuditVerifyResponse(result.Intact, result.EntriesChecked, result.FirstBadSequence, result.Problem, result.Head.Sequence, result.Head.Hash),
            Json.AuditVerifyResponse);
    }

    /// <summary>The audit trail tells who did what: only admins read it (with auth off, the local caller is one).</summary>
    private static void RequireAdmin(HttpContext http)
    {
        var caller = http.GetCaller();
        if (!caller.IsAuthenticated)
        {
            throw new CrucibleException(ErrorCode.Unauthenticated, "The audit trail needs credentials.");
        }

        if (!caller.IsServerAdmin)
        {
            throw new CrucibleException(ErrorCode.PermissionDenied, "Only admins may read the audit trail.");
        }
    }

    internal static AuditEntryDto ToDto(AuditEntry e) =>
        new(e.Sequence, e.TimeMs, e.Actor, e.ActorKind, e.TokenId, e.Workspace, e.Action, e.Target, e.Outcome, e.RemoteAddress, e.RequestId, e.PrevHash, e.Hash);

    private static AuditQuery Query(IQueryCollection q, bool paged)
    {
        var outcome = Long(q, "outcome");
        if (outcome is < 100 or > 599)
        {
            throw CrucibleException.Invalid($"Invalid value {outcome} for 'outcome': expected an HTTP status from 100 to 599.");
        }

        var after = Long(q, "after") ?? 0;
        if (after < 0)
        {
            throw CrucibleException.Invalid($"Invalid value {after} for 'after': expected a sequence number, 0 or more.");
        }

        var max = paged ? Long(q, "max_results") ?? DefaultPage : AuditQuery.MaxPage;
        if (max is < 1 or > AuditQuery.MaxPage)
        {
            throw CrucibleException.Invalid($"Invalid value {max} for 'max_results': expected 1 to {AuditQuery.MaxPage}.");
        }

        return new AuditQuery
        {
            Actor = Text(q, "actor"),
            ActionPrefix = Text(q, "action"),
            SinceMs = Time(q, "since"),
            UntilMs = Time(q, "until"),
            Outcome = (int?)outcome,
            AfterSequence = after,
            MaxResults = (int)max,
        };
    }

    private static string? Text(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var values) && values.ToString() is { Length: > 0 } text ? text : null;

    private static long? Long(IQueryCollection q, string name) => Text(q, name) switch
    {
        null => null,
        var text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) => value,
        var text => throw CrucibleException.Invalid($"Invalid value '{text}' for '{name}': expected an integer."),
    };

    /// <summary>A time bound as Unix milliseconds or an ISO 8601 timestamp (UTC unless it names an offset).</summary>
    private static long? Time(IQueryCollection q, string name) => Text(q, name) switch
    {
        null => null,
        var text when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms) => ms,
        var text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) => at.ToUnixTimeMilliseconds(),
        var text => throw CrucibleException.Invalid($"Invalid value '{text}' for '{name}': expected Unix milliseconds or an ISO 8601 time such as 2026-01-31T12:00:00Z."),
    };
}
