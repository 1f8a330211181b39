using System.Globalization;
using Crucible.Core.Serving;
using Crucible.Server.Tests.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>Issue 7: drift over time of a deployment's served traffic as an HTML page, from the prediction log.</summary>
public sealed class DriftReportEndpointTests
{
    private const long Hour = 3_600_000;
    private static readonly long Start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Fact]
    public async Task The_report_charts_every_window_and_shows_the_first_drifted_one()
    {
        await using var owned = await ServingServer.StartAsync(o => o with { MonitorInterval = TimeSpan.Zero }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("scorer", ScalerModels.Scaler(1));
        await server.DeployAsync("scorer", "scorer", version);
        var log = server.App.Services.GetRequiredService<IPredictionLogStore>();
        var rng = new Random(20261122);

        // Six hours of traffic: N(0, 1) for three, N(3, 1) after; hour 4 also has an unreadable record.
        var records = new List<PredictionRecord>();
        for (int hour = 0; hour < 6; hour++)
        {
            for (int i = 0; i < 200; i++)
            {
                double x = (hour >= 3 ? 3 : 0) + Normal(rng);
                string inputs = string.Create(CultureInfo.InvariantCulture, $$$"""{"x":{"datatype":"FP64","shape":[1],"data":[{{{x}}}]}}""");
                records.Add(new PredictionRecord($"r{hour}-{i}", "scorer", "scorer", version, Start + (hour * Hour) + (i * 1000), inputs, null, 1, false));
            }
        }

        records.Add(new PredictionRecord("broken", "scorer", "scorer", version, Start + (4 * Hour) + 5, "{\"x\": [1,", null, 1, false));
        await log.AppendPredictionsAsync(records, CancellationToken.None);

        using var response = await server.Http.GetAsync(
            $"/api/crucible/v1/deployments/scorer/drift-report?start_ms={Start + Hour}&end_ms={Start + (6 * Hour)}&reference_start_ms={Start}&reference_end_ms={Start + Hour}");
        string html = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("3 of 5 windows with data drifted; 0 windows had no rows; first drift in the window starting 2026-03-01 03:00 UTC; 1 unreadable partials or records skipped.", html, StringComparison.Ordinal);
        Assert.Contains("Drifted share over time", html, StringComparison.Ordinal);
        Assert.Contains("latest with data 2026-03-01 05:00 UTC", html, StringComparison.Ordinal);
        Assert.Contains("Dataset drift DETECTED", html, StringComparison.Ordinal);
        Assert.Equal(5, CountOf(html, "<circle"));
    }

    [Theory]
    [InlineData("start_ms=1&reference_start_ms=0&reference_end_ms=5", 400, "end_ms")]
    [InlineData("start_ms=10&end_ms=5&reference_start_ms=0&reference_end_ms=5", 400, "range is empty")]
    [InlineData("start_ms=0&end_ms=5&reference_start_ms=0&reference_end_ms=5&window_ms=0", 400, "window_ms")]
    [InlineData("start_ms=0&end_ms=100000&reference_start_ms=0&reference_end_ms=5&window_ms=1", 400, "more than 2000 windows")]
    [InlineData("start_ms=abc&end_ms=5&reference_start_ms=0&reference_end_ms=5", 400, "expected an integer")]
    [InlineData("start_ms=-5&end_ms=5&reference_start_ms=0&reference_end_ms=5", 400, "Unix milliseconds")]
    [InlineData("start_ms=0&end_ms=9223372036854775807&reference_start_ms=0&reference_end_ms=5", 400, "Unix milliseconds")]
    [InlineData("start_ms=0&end_ms=5&reference_start_ms=0&reference_end_ms=5", 400, "no readable predictions")]
    public async Task Bad_queries_are_problem_details(string query, int status, string message)
    {
        await using var owned = await ServingServer.StartAsync(o => o with { MonitorInterval = TimeSpan.Zero }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("scorer", ScalerModels.Scaler(1));
        await server.DeployAsync("scorer", "scorer", version);

        var (code, body) = await server.SendAsync(HttpMethod.Get, $"/api/crucible/v1/deployments/scorer/drift-report?{query}");

        Assert.Equal(status, code);
        Assert.Contains(message, (string?)body["detail"] ?? body.ToJsonString(), StringComparison.Ordinal);
        var (missing, problem) = await server.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments/nope/drift-report?start_ms=0&end_ms=5&reference_start_ms=0&reference_end_ms=5");
        Assert.Equal(404, missing);
        Assert.NotNull(problem["errorCode"] ?? problem["error_code"]);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
