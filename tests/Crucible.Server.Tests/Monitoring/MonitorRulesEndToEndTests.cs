using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Crucible.Core.Monitoring;
using Crucible.Core.Serving;
using Crucible.Server.Tests.Serving;
using Crucible.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>
/// Issue 7, monitor rules: each rule fires on a window with its planted condition and stays quiet on the clean twin
/// window; a monitor with <c>retrain</c> raises one retraining signal per alert, which every registered sink hears once.
/// </summary>
public sealed class MonitorRulesEndToEndTests
{
    private const long Hour = PlantedTraffic.Hour;
    private static readonly DateTimeOffset HourA = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly long A = HourA.ToUnixTimeMilliseconds();

    // Hours after the reference hour A: B is the clean twin, the rest each carry one planted condition.
    private static readonly long B = A + Hour;
    private static readonly long InputShift = A + (2 * Hour);
    private static readonly long OutputShift = A + (3 * Hour);
    private static readonly long Corrupt = A + (4 * Hour);
    private static readonly long Missing = A + (5 * Hour);
    private static readonly long Quiet = A + (6 * Hour);

    [Fact]
    public async Task Each_rule_fires_on_its_planted_window_and_stays_quiet_on_the_clean_twin()
    {
        var performance = new PlantedPerformance
        {
            [B] = new("accuracy", 0.90, false, 0.01, 0.80, 1.0, 300),
            [InputShift] = new("accuracy", 0.70, false, 0.01, 0.80, 1.0, 300),
            [OutputShift] = new("accuracy", 0.85, true, 0.02, 0.80, 1.0, 300),
        };
        await using var owned = await StartAsync(b => b.Services.AddSingleton<IPerformanceSource>(performance));
        var server = owned.Server;

        async Task<string> Create(JsonObject rule)
        {
            rule["deployment"] = "scorer";
            rule["reference_start"] = A;
            rule["reference_end"] = A + Hour;
            var created = await server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", rule);
            Assert.Equal((string?)rule["rule"], (string?)created["monitor"]!["rule"]);
            return (string)created["monitor"]!["id"]!;
        }

        var cases = new (string Rule, string Id, long Fires)[]
        {
            ("column_drift", await Create(new JsonObject { ["rule"] = "column_drift", ["column"] = "x[0]" }), InputShift),
            ("prediction_drift", await Create(new JsonObject { ["rule"] = "prediction_drift" }), OutputShift),
            ("data_quality", await Create(new JsonObject { ["rule"] = "data_quality" }), Corrupt),
            ("missing_spike", await Create(new JsonObject { ["rule"] = "missing_spike", ["column"] = "x[1]" }), Missing),
            ("missing_spike", await Create(new JsonObject { ["rule"] = "missing_spike" }), Missing),
            ("traffic_drop", await Create(new JsonObject { ["rule"] = "traffic_drop" }), Quiet),
            ("performance", await Create(new JsonObject { ["rule"] = "performance", ["metric"] = "accuracy" }), InputShift),
            ("performance", await Create(new JsonObject { ["rule"] = "performance", ["metric"] = "accuracy", ["min_value"] = 0.88 }), OutputShift),
        };

        foreach (var (rule, id, fires) in cases)
        {
            var clean = await RunAsync(server, id, B);
            Assert.True(clean["alert"] is null, $"{rule} fired on the clean twin: {clean.ToJsonString()}");
            Assert.Equal((rule, false), ((string)clean["evidence"]!["rule"]!, (bool)clean["evidence"]!["fired"]!));

            var planted = await RunAsync(server, id, fires);
            var alert = planted["alert"];
            Assert.True(alert is not null, $"{rule} did not fire: {planted.ToJsonString()}");
            var evidence = alert["evidence"]!;
            Assert.Equal((rule, true), ((string)evidence["rule"]!, (bool)evidence["fired"]!));
            Assert.NotNull(evidence["value"]);
            Assert.NotNull(evidence["threshold"]);
            Assert.EndsWith(".", (string)evidence["sentence"]!);
        }

        // The planted windows are quiet for the rules they were not planted for.
        var column = cases[0].Id;
        Assert.Null((await RunAsync(server, column, OutputShift))["alert"]);
        Assert.Null((await RunAsync(server, cases[2].Id, Missing))["alert"]);
        Assert.Null((await RunAsync(server, cases[5].Id, Corrupt))["alert"]);

        // The numbers behind the alerts: 30 of 330 records corrupt; x[1] missing in 20% of rows against none; 100 of 300.
        var quality = (await RunAsync(server, cases[2].Id, Corrupt))["alert"]!["evidence"]!;
        Assert.Equal((30.0 / 330, 0.05), ((double)quality["value"]!, (double)quality["threshold"]!));
        var missing = (await RunAsync(server, cases[4].Id, Missing))["alert"]!["evidence"]!;
        Assert.Equal(("x[1]", 0.2, 0.1), ((string)missing["column"]!, (double)missing["value"]!, (double)missing["threshold"]!));
        var traffic = (await RunAsync(server, cases[5].Id, Quiet))["alert"]!["evidence"]!;
        Assert.Equal((100.0 / 300, 0.5), ((double)traffic["value"]!, (double)traffic["threshold"]!));
        var shifted = (await RunAsync(server, column, InputShift))["alert"]!["evidence"]!;
        Assert.Equal(("x[0]", "ks"), ((string)shifted["column"]!, (string)shifted["test"]!));
        Assert.True((double)shifted["value"]! <= 0.05);
        Assert.Single(shifted["columns"]!.AsArray(), c => (string)c!["column"]! == "x[0]" && (bool)c["drift"]!);
        var belowMin = (await RunAsync(server, cases[7].Id, OutputShift))["alert"]!["evidence"]!;
        Assert.Equal((0.85, 0.88, true), ((double)belowMin["value"]!, (double)belowMin["threshold"]!, (bool)belowMin["estimated"]!));

        // Every evaluation is stored with its evidence, fired or not: the latest per window.
        var history = await server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/monitors/{cases[5].Id}/evaluations");
        Assert.Equal([(Quiet, true), (Corrupt, false), (B, false)], history["evaluations"]!.AsArray().Select(e => ((long)e!["window_start"]!, (bool)e["fired"]!)));
        Assert.All(history["evaluations"]!.AsArray(), e => Assert.Equal("traffic_drop", (string)e!["evidence"]!["rule"]!));

        // A window with no traffic at all is the deepest drop.
        var empty = await RunAsync(server, cases[5].Id, A + (20 * Hour));
        Assert.Equal(0.0, (double)empty["alert"]!["evidence"]!["value"]!);
    }

    [Fact]
    public async Task A_retraining_signal_reaches_every_sink_once_per_alert_and_a_throwing_sink_breaks_nothing()
    {
        var sink = new RecordingSink();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var owned = await StartAsync(b =>
        {
            b.Services.AddSingleton<IRetrainingSignalSink, ThrowingSink>();
            b.Services.AddSingleton<IRetrainingSignalSink>(sink);
        });
        var server = owned.Server;
        var created = await server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject
        {
            ["deployment"] = "scorer",
            ["reference_start"] = A,
            ["reference_end"] = A + Hour,
            ["rule"] = "column_drift",
            ["column"] = "x[0]",
            ["retrain"] = true,
            ["webhook_url"] = receiver.Url,
        });
        var id = (string)created["monitor"]!["id"]!;
        Assert.True((bool)created["monitor"]!["retrain"]!);

        Assert.Null((await RunAsync(server, id, B))["signal"]);
        var first = await RunAsync(server, id, InputShift);
        var again = await RunAsync(server, id, InputShift);
        var alertId = (string)first["alert"]!["id"]!;
        Assert.Equal(((string)first["signal"]!["id"]!, alertId), ((string)again["signal"]!["id"]!, (string)again["signal"]!["alert_id"]!));

        var heard = Assert.Single(sink.Signals);
        Assert.Equal((id, "scorer", alertId), (heard.MonitorId, heard.Deployment, heard.AlertId));
        Assert.StartsWith("Column 'x[0]' drifted: ks p-value", heard.Reason);
        Assert.Equal(["alert.firing", "retraining.signal"], receiver.Received.Select(r => r.Event));
        var payload = JsonNode.Parse(receiver.Received.Last().Body)!;
        Assert.Equal(heard.Id, (string)payload["signal"]!["id"]!);

        var listed = await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/retraining-signals?deployment=scorer");
        Assert.Equal([heard.Id], listed["signals"]!.AsArray().Select(s => (string)s!["id"]!));
        Assert.Empty((await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/retraining-signals?deployment=other"))["signals"]!.AsArray());

        // The server's own performance source finds no scores or labels for accuracy here: the rule says so instead of alerting.
        var performance = await server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject
        {
            ["deployment"] = "scorer", ["reference_start"] = A, ["reference_end"] = A + Hour, ["rule"] = "performance", ["metric"] = "accuracy", ["retrain"] = true,
        });
        var note = await RunAsync(server, (string)performance["monitor"]!["id"]!, InputShift);
        Assert.Null(note["alert"]);
        Assert.Contains("no value for the metric 'accuracy'", (string)note["note"]!);
        Assert.Single(sink.Signals);
    }

    [Fact]
    public async Task Monitors_are_shown_disabled_enabled_and_deleted_and_drift_share_monitors_look_as_before()
    {
        await using var owned = await StartAsync(_ => { });
        var server = owned.Server;
        var created = await server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject { ["deployment"] = "scorer", ["reference_start"] = A, ["reference_end"] = A + Hour });
        var id = (string)created["monitor"]!["id"]!;
        foreach (var field in new[] { "rule", "column", "metric", "min_value", "retrain" })
        {
            Assert.Null(created["monitor"]![field]);
        }

        var disabled = await server.OkAsync(HttpMethod.Patch, $"/api/crucible/v1/monitors/{id}", new JsonObject { ["enabled"] = false });
        Assert.False((bool)disabled["monitor"]!["enabled"]!);
        Assert.False((bool)(await server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/monitors/{id}"))["monitor"]!["enabled"]!);
        Assert.True((bool)(await server.OkAsync(HttpMethod.Patch, $"/api/crucible/v1/monitors/{id}", new JsonObject { ["enabled"] = true }))["monitor"]!["enabled"]!);

        // The drift-share run answers in its old shape, with the rule's evidence inside the alert.
        var run = await RunAsync(server, id, InputShift);
        Assert.Null(run["evidence"]);
        Assert.True((bool)run["dataset_drift"]! == (run["alert"] is not null));
        var verdict = await RunAsync(server, id, B);
        Assert.False((bool)verdict["dataset_drift"]!);

        await server.OkAsync(HttpMethod.Delete, $"/api/crucible/v1/monitors/{id}");
        var (status, body) = await server.SendAsync(HttpMethod.Get, $"/api/crucible/v1/monitors/{id}");
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (status, (string?)body["errorCode"] ?? (string?)body["error_code"]));
    }

    [Fact]
    public async Task Bad_bodies_and_queries_are_ProblemDetails_400s()
    {
        await using var owned = await StartAsync(_ => { }, plant: false);
        var server = owned.Server;
        var created = await server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject { ["deployment"] = "scorer", ["reference_start"] = A, ["reference_end"] = A + Hour });
        var monitor = $"/api/crucible/v1/monitors/{(string)created["monitor"]!["id"]!}";
        const string Window = "\"deployment\":\"scorer\",\"reference_start\":0,\"reference_end\":10";
        (string Method, string Path, string? Body, string Mentions)[] cases =
        [
            ("POST", "/api/crucible/v1/monitors", $$"""{{{Window}},"rule":"nope"}""", "rule"),
            ("POST", "/api/crucible/v1/monitors", $$"""{{{Window}},"rule":"column_drift"}""", "column"),
            ("POST", "/api/crucible/v1/monitors", $$"""{{{Window}},"rule":"performance"}""", "metric"),
            ("POST", "/api/crucible/v1/monitors", $$"""{{{Window}},"rule":"traffic_drop","threshold":2}""", "threshold"),
            ("POST", "/api/crucible/v1/monitors", $$"""{{{Window}},"metric":"accuracy"}""", "metric"),
            ("POST", "/api/crucible/v1/monitors", $$"""{{{Window}},"rule":"data_quality","stattest":"ks"}""", "stattest"),
            ("POST", "/api/crucible/v1/monitors", $$"""{{{Window}},"retrain":"yes"}""", "retrain"),
            ("PATCH", monitor, "{}", "enabled"),
            ("PATCH", monitor, """{"enabled":"no"}""", "enabled"),
            ("PATCH", monitor, "[1]", string.Empty),
            ("GET", "/api/crucible/v1/retraining-signals?max_results=x", null, "max_results"),
            ("GET", "/api/crucible/v1/retraining-signals?max_results=0", null, "max_results"),
        ];
        foreach (var (method, path, body, mentions) in cases)
        {
            var (status, problem) = await server.SendAsync(new HttpMethod(method), path, raw: body);
            Assert.True(status == 400, $"{method} {path} {body} gave {status}: {problem.ToJsonString()}");
            Assert.Equal(400, (int)problem["status"]!);
            Assert.Contains(mentions, (string)problem["detail"]!, StringComparison.Ordinal);
        }

        var (missing, _) = await server.SendAsync(HttpMethod.Patch, "/api/crucible/v1/monitors/nope", new JsonObject { ["enabled"] = true });
        Assert.Equal(404, missing);
    }

    /// <summary>A server with the scorer deployment and planted traffic in hours A (reference) to A + 6 h; the clock is past them all.</summary>
    private static async Task<OwnedServer> StartAsync(Action<WebApplicationBuilder> services, bool plant = true)
    {
        var clock = new ManualTimeProvider(HourA);
        var owned = await ServingServer.StartAsync(o => o with { Time = clock, MonitorInterval = TimeSpan.Zero, Exposure = new() { AllowedWebhookHosts = ["127.0.0.1"] } }, services).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("scorer", ScalerModels.Scaler(1));
        await server.DeployAsync("scorer", "scorer", version);
        if (!plant)
        {
            return owned;
        }

        var log = server.App.Services.GetRequiredService<IPredictionLogStore>();

        // Every hour draws the same sample (one seed), so a planted hour differs from the reference only by its plant
        // and the clean twin B equals it. Independent clean samples would make the drift rules fire now and then by
        // design (four columns tested at 0.05 each); DriftAlertEndToEndTests covers independent windows.
        static Random Seeded() => new(20261122);
        await PlantedTraffic.AppendAsync(log, version, Seeded(), A);
        await PlantedTraffic.AppendAsync(log, version, Seeded(), B);
        await PlantedTraffic.AppendAsync(log, version, Seeded(), InputShift, shiftX0: 3);
        await PlantedTraffic.AppendAsync(log, version, Seeded(), OutputShift, shiftOutputs: 3);
        await PlantedTraffic.AppendAsync(log, version, Seeded(), Corrupt, corrupt: 30);
        await PlantedTraffic.AppendAsync(log, version, Seeded(), Missing, nullX1Share: 0.2);
        await PlantedTraffic.AppendAsync(log, version, Seeded(), Quiet, count: 100);
        clock.Advance(TimeSpan.FromDays(1));
        return owned;
    }

    private static Task<JsonNode> RunAsync(ServingServer server, string id, long windowStart) =>
        server.OkAsync(HttpMethod.Post, $"/api/crucible/v1/monitors/{id}/run", new JsonObject { ["window_start"] = windowStart, ["window_end"] = windowStart + Hour });

    /// <summary>A test implementation of the performance port (its real one is another module's): planted values per window start.</summary>
    private sealed class PlantedPerformance : Dictionary<long, WindowPerformance>, IPerformanceSource
    {
        public Task<IReadOnlyList<WindowPerformance>> GetAsync(string deployment, long windowStartMs, long windowEndMs, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<WindowPerformance>>(TryGetValue(windowStartMs, out var value) ? [value] : []);
    }

    private sealed class RecordingSink : IRetrainingSignalSink
    {
        public ConcurrentQueue<RetrainingSignal> Signals { get; } = new();

        public Task OnSignalAsync(RetrainingSignal signal, CancellationToken cancellationToken)
        {
            Signals.Enqueue(signal);
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingSink : IRetrainingSignalSink
    {
        public Task OnSignalAsync(RetrainingSignal signal, CancellationToken cancellationToken) => throw new InvalidOperationException("this sink always fails");
    }
}
