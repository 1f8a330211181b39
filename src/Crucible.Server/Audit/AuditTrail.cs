using System.Net.Http.Headers;
using System.Text;
using Crucible.Core.Audit;
using Crucible.Server.Security;

namespace Crucible.Server.Audit;

/// <summary>
/// One audit row per mutating request. This middleware runs outside <c>ApiErrors</c>, so it sees the status the
/// client got, refusals (401, 403, any 4xx) and failures (5xx) included; GET, HEAD, OPTIONS and routes marked
/// <c>.ReadsOnly()</c> leave no row, unless the credentials they presented were refused or locked out (a failed sign-in). <see cref="AuditBodyCapture"/>, after routing, reads the body's ids first.
/// </summary>
internal sealed class AuditTrail(RequestDelegate next, AuditWriter writer)
{
    private const int MaxRequestId = 128;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            // A read leaves no row unless its credentials were refused (a failed sign-in is audited whatever the method).
            if (!context.IsReadOnly() || context.Features.Get<CredentialsRefused>() is not null)
            {
                await writer.RecordAsync(Describe(context));
            }
        }
    }

    private static AuditEvent Describe(HttpContext context)
    {
        var caller = context.GetCaller();
        var request = context.Request;
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var action = request.Method + " " + (pattern is null ? "(no route)" : "/" + pattern.TrimStart('/'));
        var extra = new List<KeyValuePair<string, string>>();
        if (pattern is null)
        {
            extra.Add(new("path", request.Path.Value ?? string.Empty));
        }

        if (!caller.IsAuthenticated && BasicUserName(request) is { } user)
        {
            extra.Add(new("username", user));
        }

        var target = AuditTarget.Build(request.RouteValues, context.Features.Get<AuditBodyIds>()?.Ids, extra);
        return new AuditEvent(
            caller.Name,
            caller.Kind.ToString(),
            caller.TokenId,
            caller.Workspace,
            action,
            target,
            context.Response.StatusCode,
            RemoteAddress(context),
            RequestId(context));
    }

    private static string? RemoteAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null;

    /// <summary>The client's <c>X-Request-Id</c> when it is short printable ASCII, else the server's trace identifier.</summary>
    private static string RequestId(HttpContext context)
    {
        var header = context.Request.Headers["X-Request-Id"].ToString();
        return header.Length is > 0 and <= MaxRequestId && header.All(c => c is > ' ' and < '\x7f') ? header : context.TraceIdentifier;
    }

    /// <summary>The user name of a Basic credential (never the password), so refused Basic attempts say who was tried.</summary>
    private static string? BasicUserName(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? decoded[..Math.Min(colon, AuditTarget.MaxValue)] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The ids a request's body named, captured before the handler read it.</summary>
internal sealed record AuditBodyIds(IReadOnlyList<KeyValuePair<string, string>> Ids);

/// <summary>
/// After routing (the endpoint is known) and before authentication and authorization, so a refused call's row names
/// what it tried to touch as an accepted call's does: reads the ids of a mutating request's small JSON or form body
/// for <see cref="AuditTrail"/>, and rewinds it for the handler. Read-only routes and large or streamed bodies are not touched.
/// </summary>
internal sealed class AuditBodyCapture(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.IsReadOnly() && await AuditTarget.ReadBodyIdsAsync(context.Request) is { } ids)
        {
            context.Features.Set(new AuditBodyIds(ids));
        }

        await next(context);
    }
}
