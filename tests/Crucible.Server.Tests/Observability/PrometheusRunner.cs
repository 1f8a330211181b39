using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Crucible.TestSupport;

namespace Crucible.Server.Tests.Observability;

/// <summary>A real Prometheus (Debian's package) scraping one target every second, queried through its HTTP API.</summary>
public static class PrometheusRunner
{
    public const string Binary = "/usr/bin/prometheus";

    /// <summary>Scrapes <paramref name="target"/> until <paramref name="promql"/> returns a value of at least <paramref name="atLeast"/> (or 60 s pass); returns the last value.</summary>
    public static async Task<double?> ScrapeUntilAsync(Uri target, string promql, double atLeast)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: apt-get install -y --no-install-recommends prometheus (scripts/test.sh does it).");
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("prometheus.yml"), $$"""
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            scrape_configs:
              - job_name: crucible
                static_configs: [ { targets: ['{{target.Host}}:{{target.Port}}'] } ]
            """);
        var port = FreePort();
        using var prometheus = Process.Start(new ProcessStartInfo(Binary,
            [$"--config.file={dir.File("prometheus.yml")}", $"--storage.tsdb.path={dir.File("data")}", $"--web.listen-address=127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        prometheus.OutputDataReceived += (_, _) => { };
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var query = "/api/v1/query?query=" + Uri.EscapeDataString(promql);
            double? value = null;
            var watch = Stopwatch.StartNew();
            while (!(value >= atLeast) && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(500);
                try
                {
                    var answer = JsonNode.Parse(await http.GetStringAsync(query))!;
                    var result = answer["data"]?["result"]?.AsArray();
                    if (result is { Count: > 0 })
                    {
                        value = double.Parse(result[0]!["value"]![1]!.GetValue<string>(), CultureInfo.InvariantCulture);
                    }
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }
            }

            return value;
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
