using System.Globalization;
using Crucible.Server.Tests.Observability;

namespace Crucible.Server.Tests.Serving;

/// <summary>Serving's series in /metrics, per deployment and version, read by a real Prometheus.</summary>
public sealed class ServingMetricsTests(ServingServer server) : IClassFixture<ServingServer>
{
    [Fact]
    public async Task Requests_errors_and_batches_are_counted_per_deployment_and_version()
    {
        var version = await server.RegisterAsync("metered", ScalerModels.Scaler(1));
        await server.DeployAsync("metered", "metered", version, maxBatchSize: 16, maxDelayMs: 1);
        await server.WaitReadyAsync("metered");
        await Parallel.ForAsync(0, 40, async (_, _) => await server.OkAsync(HttpMethod.Post, "/v2/models/metered/infer", ScalerModels.Request(1, 2, 3, 4)));
        var (status, _) = await server.SendAsync(HttpMethod.Post, "/v2/models/metered/infer", raw: """{"inputs":[{"name":"x","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}""");
        Assert.Equal(400, status);

        var text = await server.Http.GetStringAsync("/metrics");
        var lines = text.Split('\n');

        Assert.Equal(40, Sample(lines, "crucible_serving_requests_total{", "deployment=\"metered\"", $"version=\"{version}\"", "protocol=\"v2\"", "outcome=\"ok\""));
        Assert.Equal(1, Sample(lines, "crucible_serving_requests_total{", "deployment=\"metered\"", "outcome=\"error\""));
        Assert.Equal(1, Sample(lines, "crucible_serving_errors_total{", "deployment=\"metered\"", "reason=\"bad_request\""));
        Assert.Equal(40, Sample(lines, "crucible_serving_batch_size_sum{", "deployment=\"metered\""));
        Assert.True(Sample(lines, "crucible_serving_batch_size_count{", "deployment=\"metered\"") <= 40);
        Assert.Equal(41, Sample(lines, "crucible_serving_request_duration_seconds_count{", "deployment=\"metered\""));
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_the_serving_request_counter()
    {
        var version = await server.RegisterAsync("scraped", ScalerModels.Scaler(1));
        await server.DeployAsync("scraped", "scraped", version);
        await server.WaitReadyAsync("scraped");
        for (var i = 0; i < 5; i++)
        {
            await server.OkAsync(HttpMethod.Post, "/v2/models/scraped/infer", ScalerModels.Request(1, 2, 3, 4));
        }

        var value = await PrometheusRunner.ScrapeUntilAsync(
            server.App.Address(), "sum(crucible_serving_requests_total{job=\"crucible\",deployment=\"scraped\",protocol=\"v2\"})", 5);

        Assert.Equal(5, value);
    }

    /// <summary>The sum of the samples of a series whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sample(string[] lines, string prefix, params string[] labels) =>
        lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal) && labels.All(x => l.Contains(x, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
