using Microsoft.AspNetCore.Http;

namespace Crucible.Ui;

/// <summary>
/// The headers every UI answer carries. The Content-Security-Policy allows scripts, styles, images and fetches from
/// this server only: no inline script, no <c>eval</c>, no inline style attributes in markup (pages set styles through
/// classes or the CSSOM), frames only from this server (the HTML reports), and no framing of the UI itself.
/// </summary>
public static class UiHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
        + "frame-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "same-origin";
        response.Headers.XFrameOptions = "DENY";
    }
}
