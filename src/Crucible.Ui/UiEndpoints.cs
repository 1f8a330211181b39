using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Crucible.Ui;

/// <summary>
/// Maps the web UI: <c>GET /</c> answers the shell (never cached; it names the current asset version) and
/// <c>GET /ui/{version}/{**path}</c> the scripts, styles and images (cached for a year when the version is current,
/// with a strong ETag either way, gzip or Brotli when the browser takes it). Every answer carries the UI's
/// Content-Security-Policy (<see cref="UiHeaders"/>). The routes hold no data: the pages read it from the APIs.
/// </summary>
public static class UiEndpoints
{
    /// <summary>Where the assets are served from (followed by the version).</summary>
    public const string AssetRoot = "/ui";

    /// <summary>Maps the shell and the assets; returns the group so the host can add its access policy.</summary>
    public static IEndpointConventionBuilder MapCrucibleUi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var assets = UiAssets.Load();
        var group = app.MapGroup(string.Empty);
        group.MapGet("/", (HttpContext http) => WriteAsync(http, assets.Shell, immutable: false)).ExcludeFromDescription();
        group.MapGet(AssetRoot + "/{version}/{**path}", (HttpContext http, string version, string path) =>
            assets.Find(path) is { } asset
                ? WriteAsync(http, asset, immutable: string.Equals(version, assets.Version, StringComparison.Ordinal))
                : NotFoundAsync(http, path)).ExcludeFromDescription();
        return group;
    }

    private static Task WriteAsync(HttpContext http, UiAsset asset, bool immutable)
    {
        var response = http.Response;
        UiHeaders.Apply(response);
        response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        response.Headers.ETag = asset.ETag;
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        if (http.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        var accept = http.Request.Headers.AcceptEncoding.ToString();
        var body = asset.Bytes;
        if (asset.Brotli is { } br && accept.Contains("br", StringComparison.OrdinalIgnoreCase))
        {
            body = br;
            response.Headers.ContentEncoding = "br";
        }
        else if (asset.Gzip is { } gzip && accept.Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = gzip;
            response.Headers.ContentEncoding = "gzip";
        }

        response.ContentLength = body.Length;
        return HttpMethods.IsHead(http.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    private static Task NotFoundAsync(HttpContext http, string path)
    {
        UiHeaders.Apply(http.Response);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync($"No UI file '{path}'.", http.RequestAborted);
    }
}
