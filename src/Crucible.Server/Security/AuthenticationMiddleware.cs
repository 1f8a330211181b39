using System.Text;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>
/// Sets the request's <see cref="Caller"/> from its credentials: HTTP Basic (MLflow's
/// <c>MLFLOW_TRACKING_USERNAME</c>/<c>PASSWORD</c>), Bearer (<c>MLFLOW_TRACKING_TOKEN</c>, Crucible tokens), or the
/// login's session cookie, which also needs the <c>X-CSRF-Token</c> header on any request that is not GET, HEAD or
/// OPTIONS. Credentials that do not verify are refused with 401 (<c>UNAUTHENTICATED</c>); a request without any runs as
/// <see cref="Caller.Anonymous"/> and authorization decides what it may do. Not installed when auth is off.
/// </summary>
internal sealed class AuthenticationMiddleware(RequestDelegate next, Authenticator authenticator)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public async Task InvokeAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            // Anonymous until the credentials verify, so a refusal is recorded as what it is, not as the server's default caller.
            context.SetCaller(Caller.Anonymous);
            try
            {
                context.SetCaller(await FromHeaderAsync(authorization, context.Connection.RemoteIpAddress, ct) ?? throw Refused("The credentials in the Authorization header are not valid (unknown user, wrong password, or a token that is unknown, expired or revoked)."));
            }
            catch (CrucibleException)
            {
                context.Features.Set(CredentialsRefused.Instance); // audited even on a read: a failed sign-in
                throw;
            }
        }
        else if (context.Request.Cookies[AuthOptions.SessionCookie] is { Length: > 0 } session)
        {
            var caller = await authenticator.AuthenticateTokenAsync(session, ct);
            if (caller is null)
            {
                SessionCookies.Delete(context);
                context.SetCaller(Caller.Anonymous);
            }
            else if (!IsSafe(context.Request.Method) && !SessionCookies.CsrfMatches(context, session))
            {
                throw new CrucibleException(ErrorCode.PermissionDenied, $"A request signed in with the session cookie must send the {AuthOptions.CsrfHeader} header the login returned.");
            }
            else
            {
                context.SetCaller(caller);
            }
        }
        else
        {
            context.SetCaller(Caller.Anonymous);
        }

        await next(context);
    }

    private async ValueTask<Caller?> FromHeaderAsync(string header, System.Net.IPAddress? client, CancellationToken ct)
    {
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return null;
        }

        var scheme = header[..space];
        var value = header[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return await authenticator.AuthenticateBearerAsync(header, value, ct);
        }

        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            throw Refused($"Unsupported authorization scheme '{(scheme.Length > 20 ? scheme[..20] : scheme)}': use Basic or Bearer.");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(Convert.FromBase64String(value));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            throw Refused("The Basic credentials are not base64 of UTF-8 'user:password'.");
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw Refused("The Basic credentials are not 'user:password'.");
        }

        return await authenticator.AuthenticatePasswordAsync(text[..colon], text[(colon + 1)..], client, ct);
    }

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static CrucibleException Refused(string message) => new(ErrorCode.Unauthenticated, message);
}

/// <summary>
/// Request feature: the credentials the request presented were refused (401) or their user or address is locked out
/// (429). The audit trail records such a request whatever its method: it is a failed sign-in.
/// </summary>
internal sealed class CredentialsRefused
{
    public static CredentialsRefused Instance { get; } = new();

    private CredentialsRefused()
    {
    }
}
