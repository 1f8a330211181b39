using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Crucible.Bench;

/// <summary>
/// The HTTP overhead floor: Kestrel on loopback, built the way Crucible's host is (slim builder, warnings-only
/// logging), answering <c>{}</c> to the same POST after reading its body. Nothing Crucible does can be cheaper.
/// </summary>
internal static class FloorServer
{
    public const string Path = "/api/2.0/mlflow/runs/log-metric";

    public static WebApplication Create(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/health", () => TypedResults.Text("OK"));
        app.MapPost(Path, async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync("{}", http.RequestAborted).ConfigureAwait(false);
        });
        return app;
    }

    /// <summary><c>floor-server --port P</c>: runs until killed.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || args[0] != "--port" || !int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var port))
        {
            await Console.Error.WriteLineAsync("usage: Crucible.Bench floor-server --port P").ConfigureAwait(false);
            return 2;
        }

        await using var app = Create(port);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
