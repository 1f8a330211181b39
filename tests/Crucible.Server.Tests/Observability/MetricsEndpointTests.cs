using System.Text.RegularExpressions;

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
        await _server.PostOkAsync("/api/2.0/mlflow/experiments/search", new { max_results = 1 });

        var value = await PrometheusRunner.ScrapeUntilAsync(
            _server.App.Address(), "sum(http_server_request_duration_seconds_count{job=\"crucible\",http_route=\"/api/2.0/mlflow/experiments/search\"})", 1);

        Assert.True(value >= 1, $"Prometheus did not report the request counter within 60 s (got {value})");
    }

    /// <summary>name{label="value",...} number, as the text exposition format defines a sample line.</summary>
    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$""")]
    private static partial Regex SampleLine();
}
