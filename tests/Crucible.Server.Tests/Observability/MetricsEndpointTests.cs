using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crucible.TestSupport;

namespace Crucible.Server.Tests.Observability;

/// <summary>/metrics speaks Prometheus' text format, and a real Prometheus server scrapes it.</summary>
public sealed partial class MetricsEndpointTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Metrics_count_requests_per_route_in_the_text_exposition_format()
    {
        for (var i = 0; i < 3; i++)
        {
            await _server.PostOkAsync("/api/2.0/mlflow/experiments/search", new { max_results = 10 });
        }

        await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get?experiment_id=999");
        using var response = await _server.Http.GetAsync("/metrics");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')))
        {
            Assert.Matches(SampleLine(), line);
        }

        var searchCount = Assert.Single(text.Split('\n'), l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("http_route=\"/api/2.0/mlflow/experiments/search\"", StringComparison.Ordinal));
        Assert.EndsWith(" 3", searchCount, StringComparison.Ordinal);
        Assert.Contains(text.Split('\n'), l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains("http_response_status_code=\"404\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_the_request_counter()
    {
        const string Prometheus = "/usr/bin/prometheus";
        Assert.True(File.Exists(Prometheus), $"{Prometheus} is missing: apt-get install -y --no-install-recommends prometheus (scripts/test.sh does it).");
        await _server.PostOkAsync("/api/2.0/mlflow/experiments/search", new { max_results = 1 });

        using var dir = new TempDirectory();
        var target = _server.App.Address();
        await File.WriteAllTextAsync(dir.File("prometheus.yml"), $$"""
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            scrape_configs:
              - job_name: crucible
                static_configs: [ { targets: ['{{target.Host}}:{{target.Port}}'] } ]
            """);
        var port = FreePort();
        using var prometheus = Process.Start(new ProcessStartInfo(Prometheus,
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
            var query = "/api/v1/query?query=" + Uri.EscapeDataString("sum(http_server_request_duration_seconds_count{job=\"crucible\",http_route=\"/api/2.0/mlflow/experiments/search\"})");
            double? value = null;
            var watch = Stopwatch.StartNew();
            while (value is null && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(500);
                try
                {
                    var answer = JsonNode.Parse(await http.GetStringAsync(query))!;
                    var result = answer["data"]?["result"]?.AsArray();
                    if (result is { Count: > 0 })
                    {
                        value = double.Parse(result[0]!["value"]![1]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
                    }
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }
            }

            Assert.True(value >= 1, $"Prometheus did not report the request counter within 60 s (got {value})");
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

    /// <summary>name{label="value",...} number, as the text exposition format defines a sample line.</summary>
    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$""")]
    private static partial Regex SampleLine();
}
