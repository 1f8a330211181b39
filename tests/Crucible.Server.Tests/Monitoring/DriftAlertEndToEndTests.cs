using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Core.Serving;
using Crucible.Server.Tests.Serving;
using Crucible.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>
/// Issue 7: a deployment serves traffic whose distribution shifts half way; the hourly window after the shift raises
/// a drift alert, the webhook receives it, and the window before does not.
/// </summary>
public sealed class DriftAlertEndToEndTests
{
    private const long Hour = 3_600_000;
    private const string Secret = "whsec-e2e";
    private static readonly DateTimeOffset HourA = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_window_after_a_shift_raises_one_signed_webhook_alert_and_the_window_before_does_not()
    {
        var clock = new ManualTimeProvider(HourA);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var owned = await ServingServer.StartAsync(o => o with { Time = clock, MonitorInterval = TimeSpan.Zero, Exposure = new() { AllowedWebhookHosts = ["127.0.0.1"] } }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("scorer", ScalerModels.Scaler(1));
        await server.DeployAsync("scorer", "scorer", version);
        await server.WaitReadyAsync("scorer");
        var rng = new Random(20261122);
        var a = HourA.ToUnixTimeMilliseconds();
        var (b, c) = (a + Hour, a + (2 * Hour));

        await ServeHourAsync(server, rng, shift: 0, a);
        clock.Advance(TimeSpan.FromHours(1));
        await ServeHourAsync(server, rng, shift: 0, b);
        clock.Advance(TimeSpan.FromHours(1));
        await ServeHourAsync(server, rng, shift: 3, c);
        clock.Advance(TimeSpan.FromHours(1));

        // A corrupted record in window C is counted as a data-quality issue and skipped.
        var log = server.App.Services.GetRequiredService<IPredictionLogStore>();
        await log.AppendPredictionsAsync([new PredictionRecord("corrupt", "scorer", "scorer", version, c + 5, "{\"x\": [1, 2", null, 1, false)], CancellationToken.None);

        var monitor = await server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject
        {
            ["deployment"] = "scorer",
            ["reference_start"] = a,
            ["reference_end"] = a + Hour,
            ["webhook_url"] = receiver.Url,
            ["webhook_secret"] = Secret,
        });
        var id = (string)monitor["monitor"]!["id"]!;
        Assert.Equal(Hour, (long)monitor["monitor"]!["window_ms"]!);
        Assert.True((bool)monitor["monitor"]!["webhook_signed"]!);
        Assert.Null(monitor["monitor"]!["webhook_secret"]);

        var before = await RunAsync(server, id, b);
        Assert.False((bool)before["dataset_drift"]!, before.ToJsonString());
        Assert.Null(before["alert"]);
        Assert.Equal((300L, 300L, 0L), ((long)before["reference_records"]!, (long)before["window_records"]!, (long)before["data_quality_issues"]!));
        Assert.Empty(receiver.Received);

        var after = await RunAsync(server, id, c);
        Assert.True((bool)after["dataset_drift"]!, after.ToJsonString());
        Assert.Equal((301L, 1L), ((long)after["window_records"]!, (long)after["data_quality_issues"]!));
        var alert = after["alert"]!;
        Assert.Equal(("firing", "delivered", 1), ((string)alert["status"]!, (string)alert["delivery_status"]!, (int)alert["delivery_attempts"]!));
        Assert.Equal((c, c + Hour), ((long)alert["window_start"]!, (long)alert["window_end"]!));
        var drifted = alert["evidence"]!["columns"]!.AsArray().Where(col => (bool)col!["drift"]!).Select(col => (string)col!["column"]!).ToList();
        Assert.Equal(["prediction.y[0]", "prediction.y[1]", "prediction.y[2]", "prediction.y[3]", "x[0]", "x[1]", "x[2]", "x[3]"], drifted);
        Assert.All(alert["evidence"]!["columns"]!.AsArray(), col =>
        {
            Assert.Equal("ks", (string)col!["test"]!);
            Assert.True((double)col["p_value"]! <= (double)col["threshold"]!);
        });
        Assert.Equal(1.0, (double)alert["evidence"]!["share"]!);

        var hook = Assert.Single(receiver.Received);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), hook.Body));
        Assert.Equal(expected, hook.Signature);
        Assert.Equal("alert.firing", hook.Event);
        var payload = JsonNode.Parse(hook.Body)!;
        Assert.Equal((string)alert["id"]!, (string)payload["alert"]!["id"]!);
        Assert.Equal("scorer", (string)payload["alert"]!["deployment"]!);

        var again = await RunAsync(server, id, c);
        Assert.Equal((string)alert["id"]!, (string)again["alert"]!["id"]!);
        Assert.Single(receiver.Received);

        var firing = await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/alerts?deployment=scorer&status=firing");
        Assert.Equal([(string)alert["id"]!], firing["alerts"]!.AsArray().Select(x => (string)x!["id"]!));
        var none = await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/alerts?deployment=scorer&status=resolved");
        Assert.Empty(none["alerts"]!.AsArray());
    }

    [Fact]
    public async Task The_loop_evaluates_completed_windows_alerts_on_the_shift_and_resolves_when_traffic_returns()
    {
        var clock = new ManualTimeProvider(HourA);
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var owned = await ServingServer.StartAsync(o => o with { Time = clock, MonitorInterval = TimeSpan.FromMilliseconds(50), Exposure = new() { AllowedWebhookHosts = ["127.0.0.1"] } }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("scorer", ScalerModels.Scaler(1));
        await server.DeployAsync("scorer", "scorer", version);
        await server.WaitReadyAsync("scorer");
        var rng = new Random(7);
        var a = HourA.ToUnixTimeMilliseconds();

        await ServeHourAsync(server, rng, shift: 0, a);
        clock.Advance(TimeSpan.FromHours(1));
        var monitor = await server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject
        {
            ["deployment"] = "scorer",
            ["reference_start"] = a,
            ["reference_end"] = a + Hour,
            ["webhook_url"] = receiver.Url,
        });
        var id = (string)monitor["monitor"]!["id"]!;
        await ServeHourAsync(server, rng, shift: 3, a + Hour);
        clock.Advance(TimeSpan.FromHours(1));
        await ServeHourAsync(server, rng, shift: 0, a + (2 * Hour));

        // Nothing is due before the windows have ended (plus the settle time).
        await Task.Delay(300);
        Assert.Empty((await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/alerts?deployment=scorer"))["alerts"]!.AsArray());

        clock.Advance(TimeSpan.FromMinutes(62));
        JsonNode last = new JsonObject();
        for (var attempt = 0; attempt < 200 && (long?)last["monitor"]?["last_window_end"] != a + (3 * Hour); attempt++)
        {
            await Task.Delay(25);
            last = await server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/monitors/{id}");
        }

        Assert.Equal(a + (3 * Hour), (long?)last["monitor"]!["last_window_end"]);
        var alert = Assert.Single((await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/alerts?deployment=scorer"))["alerts"]!.AsArray())!;
        Assert.Equal((a + Hour, "resolved", "delivered"), ((long)alert["window_start"]!, (string)alert["status"]!, (string)alert["delivery_status"]!));
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), (long)alert["resolved_time"]!);
        var hook = Assert.Single(receiver.Received);
        Assert.Null(hook.Signature);
    }

    /// <summary>300 one-row requests from N(shift, 1), then waits until the log holds all of them.</summary>
    private static async Task ServeHourAsync(ServingServer server, Random rng, double shift, long hourStart)
    {
        for (var i = 0; i < 300; i++)
        {
            await server.OkAsync(HttpMethod.Post, "/v2/models/scorer/infer", ScalerModels.Request([.. Enumerable.Range(0, 4).Select(_ => (float)(shift + Normal(rng)))]));
        }

        for (var attempt = 0; ; attempt++)
        {
            var page = await server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/deployments/scorer/predictions?from={hourStart}&to={hourStart + Hour}&max_results=1000");
            var count = page["predictions"]!.AsArray().Count;
            if (count == 300)
            {
                return;
            }

            Assert.True(attempt < 200, $"only {count} of 300 predictions were captured");
            await Task.Delay(25);
        }
    }

    private static Task<JsonNode> RunAsync(ServingServer server, string id, long windowStart) =>
        server.OkAsync(HttpMethod.Post, $"/api/crucible/v1/monitors/{id}/run", new JsonObject { ["window_start"] = windowStart, ["window_end"] = windowStart + Hour });

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
