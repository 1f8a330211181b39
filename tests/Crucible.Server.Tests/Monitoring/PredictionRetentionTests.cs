using System.Text.Json.Nodes;
using Crucible.Core.Serving;
using Crucible.Server.Serving;
using Crucible.Server.Tests.Serving;
using Crucible.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>
/// Issue 13 item 6: retention deletes prediction-log rows by age and by size, per deployment, in whole hours, on the
/// server's clock; the hourly window profiles stay (made from the log first when none was stored) and the drift
/// report still answers over the compacted range.
/// </summary>
public sealed class PredictionRetentionTests
{
    private const long Hour = PlantedTraffic.Hour;
    private const long Day = 24 * Hour;
    private static readonly long Now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static async Task<(ServingServer Server, string Version)> StartAsync(ManualTimeProvider clock)
    {
        var server = await ServingServer.StartAsync(o => o with { Time = clock, MonitorInterval = TimeSpan.Zero, ProfileFlushInterval = TimeSpan.Zero, PredictionCompactionInterval = TimeSpan.Zero });
        var version = await server.RegisterAsync("scorer", ScalerModels.Scaler(1));
        await server.DeployAsync("scorer", "scorer", version);
        return (server, version);
    }

    private static async Task<long> RowsAsync(ServingServer server, long from, long to)
    {
        long rows = 0;
        string? token = null;
        do
        {
            var page = await server.App.Services.GetRequiredService<IPredictionLogStore>().QueryPredictionsAsync(new PredictionQuery("scorer", from, to, 1_000, token), CancellationToken.None);
            rows += page.Items.Count;
            token = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(token));
        return rows;
    }

    [Fact]
    public async Task Rows_older_than_the_default_30_days_go_their_windows_stay_and_the_drift_report_still_answers()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Now));
        var (server, version) = await StartAsync(clock);
        await using var owned = new OwnedServer(server);
        var log = server.App.Services.GetRequiredService<IPredictionLogStore>();
        long old = Now - (35 * Day), recent = Now - Day;
        var rng = new Random(61);
        await PlantedTraffic.AppendAsync(log, version, rng, old, count: 200);
        await PlantedTraffic.AppendAsync(log, version, rng, old + Hour, count: 200, shiftX0: 3, shiftOutputs: 3);
        await PlantedTraffic.AppendAsync(log, version, rng, recent, count: 200);

        var bounds = await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/scorer/retention");
        Assert.Equal(30 * Day, (long)bounds["effective_max_age_ms"]!);
        Assert.Equal(1L << 30, (long)bounds["effective_max_bytes"]!);
        Assert.Null(bounds["max_age_ms"]);
        Assert.Equal(600, (long)bounds["log_rows"]!);

        var result = Assert.Single(await server.App.Services.GetRequiredService<PredictionLogCompactor>().RunOnceAsync(CancellationToken.None));

        Assert.Equal((400L, 2), (result.RowsDeleted, result.WindowsProfiled));
        Assert.Equal(0, await RowsAsync(server, 0, recent));
        Assert.Equal(200, await RowsAsync(server, recent, Now));
        var windows = (await server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/deployments/scorer/profiles?start_ms={old}&end_ms={old + (2 * Hour)}"))["windows"]!.AsArray();
        Assert.Equal([200L, 200L], windows.Select(w => (long)w!["rows"]!));
        Assert.All(windows, w => Assert.Equal(["retention"], w!["replicas"]!.AsArray().Select(r => (string)r!)));

        // The reference hour and the range are both compacted: the stored windows answer, and the planted shift is seen.
        using var response = await server.Http.GetAsync(
            $"/api/crucible/v1/deployments/scorer/drift-report?reference_start_ms={old}&reference_end_ms={old + Hour}&start_ms={old}&end_ms={old + (2 * Hour)}");
        string html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Contains("1 of 2 windows with data drifted", html, StringComparison.Ordinal);

        // A second run finds nothing more to do.
        Assert.Equal(0, Assert.Single(await server.App.Services.GetRequiredService<PredictionLogCompactor>().RunOnceAsync(CancellationToken.None)).RowsDeleted);
    }

    [Fact]
    public async Task A_deployments_own_size_bound_deletes_whole_oldest_hours_but_never_the_current_or_previous_hour()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Now));
        var (server, version) = await StartAsync(clock);
        await using var owned = new OwnedServer(server);
        var log = server.App.Services.GetRequiredService<IPredictionLogStore>();
        var rng = new Random(62);
        for (long h = 6; h >= 1; h--)
        {
            await PlantedTraffic.AppendAsync(log, version, rng, Now - (h * Hour), count: 100);
        }

        var before = await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/scorer/retention");
        long bytes = (long)before["log_bytes"]!;
        Assert.Equal(600, (long)before["log_rows"]!);
        var set = await server.OkAsync(HttpMethod.Put, "/api/crucible/v1/deployments/scorer/retention", new JsonObject { ["max_age_ms"] = 0, ["max_bytes"] = bytes * 55 / 100 });
        Assert.Equal(bytes * 55 / 100, (long)set["effective_max_bytes"]!);
        Assert.Equal(0, (long)set["effective_max_age_ms"]!);

        var compactor = server.App.Services.GetRequiredService<PredictionLogCompactor>();
        var result = await compactor.CompactAsync("scorer", CancellationToken.None);

        var after = await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/scorer/retention");
        Assert.True((long)after["log_bytes"]! <= bytes * 55 / 100, after.ToJsonString());
        Assert.Equal(0, (long)after["log_rows"]! % 100);
        Assert.Equal(300, result.RowsDeleted);
        Assert.Equal(3, result.WindowsProfiled);

        // One byte: everything but the previous hour (the current one is empty) goes; its window profiles are kept.
        await server.OkAsync(HttpMethod.Put, "/api/crucible/v1/deployments/scorer/retention", new JsonObject { ["max_bytes"] = 1 });
        await compactor.CompactAsync("scorer", CancellationToken.None);
        Assert.Equal(100, await RowsAsync(server, 0, Now));
        Assert.Equal(100, await RowsAsync(server, Now - Hour, Now));
        var windows = (await server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/deployments/scorer/profiles?start_ms={Now - (6 * Hour)}&end_ms={Now}"))["windows"]!.AsArray();
        Assert.Equal(5, windows.Count);
        Assert.All(windows, w => Assert.Equal(100, (long)w!["rows"]!));
    }

    [Theory]
    [InlineData("{\"max_age_ms\": -1}", "max_age_ms")]
    [InlineData("{\"max_bytes\": 9223372036854775807}", "max_bytes")]
    [InlineData("{\"max_days\": 3}", "max_days")]
    public async Task Bad_retention_bounds_are_problem_details(string body, string message)
    {
        var (server, _) = await StartAsync(new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(Now)));
        await using var owned = new OwnedServer(server);

        var (status, problem) = await server.SendAsync(HttpMethod.Put, "/api/crucible/v1/deployments/scorer/retention", raw: body);

        Assert.Equal(400, status);
        Assert.Contains(message, problem.ToJsonString(), StringComparison.Ordinal);
    }
}
