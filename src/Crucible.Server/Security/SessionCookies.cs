using System.Security.Cryptography;
using System.Text;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>
/// The browser session: the cookie holds a session token's secret (HttpOnly, SameSite=Strict, Secure when the request
/// came over HTTPS); the CSRF token is derived from that secret with HMAC-SHA256, so any replica can check it and a
/// page on another origin, which cannot read the cookie, cannot forge it.
/// </summary>
internal static class SessionCookies
{
    public static void Set(HttpContext context, string secret, DateTimeOffset expires) =>
        context.Response.Cookies.Append(AuthOptions.SessionCookie, secret, Options(context, expires));

    public static void Delete(HttpContext context) =>
        context.Response.Cookies.Delete(AuthOptions.SessionCookie, Options(context, null));

    /// <summary>The CSRF token that goes with the session secret.</summary>
    public static string CsrfToken(string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), "crucible-csrf-v1"u8)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>True when the request's <c>X-CSRF-Token</c> header is the session's CSRF token (compared in constant time).</summary>
    public static bool CsrfMatches(HttpContext context, string secret)
    {
        var sent = context.Request.Headers[AuthOptions.CsrfHeader].ToString();
        return sent.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(CsrfToken(secret)));
    }

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
