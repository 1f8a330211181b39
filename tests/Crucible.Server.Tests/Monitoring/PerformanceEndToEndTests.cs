using System.Text.Json.Nodes;
using Crucible.Core.Monitoring;
using Crucible.Server.Tests.Serving;
using Crucible.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>
/// Issue 7, performance: a classifier serves a labelled reference hour, an hour labelled in part, and an unlabelled
/// hour shifted into its low-confidence region. Realized metrics match scikit-learn's definitions computed here from
/// the same answers and labels; the unlabelled hour gets CBPE estimates that drop and alert.
/// </summary>
public sealed class PerformanceEndToEndTests
{
    private const long Hour = 3_600_000;
    private static readonly DateTimeOffset HourA = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private sealed record Served(string Id, double P, int Label);

    [Fact]
    public async Task Labels_join_by_request_id_into_realized_metrics_and_unlabelled_windows_get_estimates()
    {
        var clock = new ManualTimeProvider(HourA);
        await using var owned = await ServingServer.StartAsync(o => o with { Time = clock, MonitorInterval = TimeSpan.Zero }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("clf", ClassifierModels.Logistic());
        await server.DeployAsync("clf", "clf", version);
        await server.WaitReadyAsync("clf");
        var rng = new Random(20261122);
        var a = HourA.ToUnixTimeMilliseconds();
        var (b, c) = (a + Hour, a + (2 * Hour));

        var reference = await ServeHourAsync(server, rng, "ref", 600, spread: 1.5, a);
        clock.Advance(TimeSpan.FromHours(1));
        var partly = await ServeHourAsync(server, rng, "b", 300, spread: 1.5, b);
        clock.Advance(TimeSpan.FromHours(1));
        await ServeHourAsync(server, rng, "c", 300, spread: 0.1, c);
        clock.Advance(TimeSpan.FromHours(1));

        // Ground truth arrives later; unknown ids are accepted and counted; re-posting replaces.
        var posted = await PostLabelsAsync(server, [.. reference.Select(s => (s.Id, (double)(1 - s.Label))), ("never-served", 1), ("also-unknown", 0)]);
        Assert.Equal((602, 2), ((int)posted["stored"]!, (int)posted["unmatched"]!));
        posted = await PostLabelsAsync(server, [.. reference.Select(s => (s.Id, (double)s.Label))]);
        Assert.Equal((600, 0), ((int)posted["stored"]!, (int)posted["unmatched"]!));
        var labelled = partly.Where((_, i) => i % 2 == 0).ToList();
        await PostLabelsAsync(server, [.. labelled.Select(s => (s.Id, (double)s.Label))]);

        var performance = await server.OkAsync(
            HttpMethod.Get, $"/api/crucible/v1/deployments/clf/performance?start_ms={b}&end_ms={c + Hour}&window_ms={Hour}&reference_start_ms={a}&reference_end_ms={b}");
        Assert.Equal(("classification", "probabilities"), ((string)performance["task"]!, (string)performance["score_output"]!));
        Assert.Equal((600L, 600L, 10), ((long)performance["reference"]!["rows"]!, (long)performance["reference"]!["labelled_rows"]!, (int)performance["reference"]!["chunks"]!));
        Assert.Equal(5, performance["reference"]!["bands"]!.AsArray().Count);
        var windows = performance["windows"]!.AsArray();
        Assert.Equal(2, windows.Count);

        // Hour B: realized metrics on the 150 labelled rows, as scikit-learn defines them.
        var hourB = windows[0]!;
        Assert.Equal((b, 300L, 150L), ((long)hourB["start_ms"]!, (long)hourB["rows"]!, (long)hourB["labelled_rows"]!));
        var expected = SklearnMetrics(labelled);
        foreach (var metric in hourB["realized"]!.AsArray())
        {
            var name = (string)metric!["metric"]!;
            Assert.Equal(expected[name], (double)metric["value"]!, 9);
            Assert.True((double)metric["sampling_error"]! > 0, name);
        }

        Assert.Equal(["accuracy", "precision", "recall", "f1", "roc_auc"], hourB["realized"]!.AsArray().Select(m => (string)m!["metric"]!));
        var estimatedB = Metric(hourB["estimated"]!, "accuracy");
        Assert.True(Math.Abs((double)estimatedB["value"]! - expected["accuracy"]) < 4 * (double)estimatedB["sampling_error"]!, estimatedB.ToJsonString());
        Assert.False((bool)estimatedB["alert"]!);

        // Hour C: no labels, traffic near the decision boundary. The estimate drops below the reference band.
        var hourC = windows[1]!;
        Assert.Equal((300L, 0L), ((long)hourC["rows"]!, (long)hourC["labelled_rows"]!));
        Assert.Empty(hourC["realized"]!.AsArray());
        var estimatedC = Metric(hourC["estimated"]!, "accuracy");
        Assert.True((double)estimatedC["value"]! < (double)estimatedB["value"]! - 0.15, $"{estimatedB} -> {estimatedC}");
        Assert.True((bool)estimatedC["alert"]!, estimatedC.ToJsonString());

        // With a monitor, its reference window is the default and monitor rules read the same through IPerformanceSource.
        await server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject { ["deployment"] = "clf", ["reference_start"] = a, ["reference_end"] = b });
        var byMonitor = await server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/deployments/clf/performance?start_ms={b}&end_ms={c + Hour}");
        Assert.Equal(windows.ToJsonString(), byMonitor["windows"]!.ToJsonString());
        var source = server.App.Services.GetRequiredService<IPerformanceSource>();
        var realizedB = await source.GetAsync("clf", b, c, CancellationToken.None);
        Assert.All(realizedB, p => Assert.False(p.Estimated));
        Assert.Equal(expected["f1"], realizedB.Single(p => p.Metric == "f1").Value, 9);
        var estimatedBySource = await source.GetAsync("clf", c, c + Hour, CancellationToken.None);
        Assert.True(estimatedBySource.Single(p => p.Metric == "accuracy") is { Estimated: true, Alerting: true, Rows: 300 });
    }

    [Fact]
    public async Task Malformed_label_posts_and_performance_queries_are_problem_details_400s()
    {
        await using var owned = await ServingServer.StartAsync(o => o with { MonitorInterval = TimeSpan.Zero }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("clf", ClassifierModels.Logistic());
        await server.DeployAsync("clf", "clf", version);
        const string Labels = "/api/crucible/v1/deployments/clf/labels";
        string[] bad =
        [
            "{}",
            """{"labels": {"request_id": "a"}}""",
            """{"labels": [{"request_id": "a", "label": "1"}]}""",
            """{"labels": [{"request_id": "a", "label": true}]}""",
            """{"labels": [{"label": 1}]}""",
            """{"labels": [{"request_id": "", "label": 1}]}""",
            """{"labels": [{"request_id": "a"}]}""",
            """{"labels": [null]}""",
            """{"labels": [{"request_id": "a", "label": 1, "extra": 2}]}""",
            "{\"labels\": [" + string.Join(",", Enumerable.Range(0, 10_001).Select(i => $$"""{"request_id":"r{{i}}","label":1}""")) + "]}",
        ];
        foreach (var body in bad)
        {
            var (status, json) = await server.SendAsync(HttpMethod.Post, Labels, raw: body);
            Assert.True(status == 400 && json["errorCode"] is not null && json["detail"] is not null, $"{body[..Math.Min(60, body.Length)]}: {status} {json.ToJsonString()}");
        }

        Assert.Equal(404, (await server.SendAsync(HttpMethod.Post, "/api/crucible/v1/deployments/nope/labels", raw: """{"labels": []}""")).Status);
        string[] badQueries = ["start_ms=x", "window_ms=5", "start_ms=10&end_ms=5&reference_start_ms=0&reference_end_ms=1", "reference_start_ms=1", "task=ranking&reference_start_ms=0&reference_end_ms=1", "start_ms=0&end_ms=100000000&window_ms=1000&reference_start_ms=0&reference_end_ms=1", ""];
        foreach (var query in badQueries)
        {
            var (status, json) = await server.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments/clf/performance?" + query);
            Assert.True(status == 400 && json["detail"] is not null, $"{query}: {status} {json.ToJsonString()}");
        }
    }

    private static JsonNode Metric(JsonNode metrics, string name) => metrics.AsArray().Single(m => (string)m!["metric"]! == name)!;

    private static Task<JsonNode> PostLabelsAsync(ServingServer server, IEnumerable<(string Id, double Label)> labels) =>
        server.OkAsync(HttpMethod.Post, "/api/crucible/v1/deployments/clf/labels", new JsonObject
        {
            ["labels"] = new JsonArray([.. labels.Select(l => (JsonNode)new JsonObject { ["request_id"] = l.Id, ["label"] = l.Label })]),
        });

    /// <summary>Serves <paramref name="count"/> one-row requests with x ~ N(0, spread²); the label is drawn from the served P(class 1).</summary>
    private static async Task<List<Served>> ServeHourAsync(ServingServer server, Random rng, string prefix, int count, double spread, long hourStart)
    {
        var served = new List<Served>(count);
        for (var i = 0; i < count; i++)
        {
            var id = $"{prefix}-{i}";
            var answer = await server.OkAsync(HttpMethod.Post, "/v2/models/clf/infer", ClassifierModels.Request(id, [.. Enumerable.Range(0, 4).Select(_ => (float)(spread * Normal(rng)))]));
            var probabilities = answer["outputs"]!.AsArray().Single(o => (string)o!["name"]! == "probabilities")!["data"]!.AsArray();
            var p = (double)probabilities[1]!;
            served.Add(new Served(id, p, rng.NextDouble() < p ? 1 : 0));
        }

        for (var attempt = 0; ; attempt++)
        {
            var page = await server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/deployments/clf/predictions?from={hourStart}&to={hourStart + Hour}&max_results=1000");
            if (page["predictions"]!.AsArray().Count == count)
            {
                return served;
            }

            Assert.True(attempt < 200, "capture did not flush");
            await Task.Delay(25);
        }
    }

    /// <summary>accuracy, precision, recall, f1 (threshold: p ≥ 0.5) and roc_auc (pairs, ties one half), as scikit-learn defines them.</summary>
    private static Dictionary<string, double> SklearnMetrics(IReadOnlyList<Served> rows)
    {
        double tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var r in rows)
        {
            var predicted = r.P >= 0.5 ? 1 : 0;
            (tp, fp, fn, tn) = (predicted, r.Label) switch
            {
                (1, 1) => (tp + 1, fp, fn, tn),
                (1, 0) => (tp, fp + 1, fn, tn),
                (0, 1) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
        }

        var positives = rows.Where(r => r.Label == 1).Select(r => r.P).ToList();
        var negatives = rows.Where(r => r.Label == 0).Select(r => r.P).ToList();
        var pairs = positives.Sum(p => negatives.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0.0));
        return new Dictionary<string, double>
        {
            ["accuracy"] = (tp + tn) / rows.Count,
            ["precision"] = tp / (tp + fp),
            ["recall"] = tp / (tp + fn),
            ["f1"] = 2 * tp / ((2 * tp) + fp + fn),
            ["roc_auc"] = pairs / (positives.Count * (double)negatives.Count),
        };
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
