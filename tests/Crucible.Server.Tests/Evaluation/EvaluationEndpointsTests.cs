using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Evaluation;

/// <summary>
/// <c>POST /api/crucible/v1/models/{name}/versions/{version}/evaluations</c> against a real server with the
/// linear_classifier fixture registered: the answer equals a direct <see cref="Evaluator"/> run, and the metrics, the
/// result JSON, the report and the version tags are stored where MLflow clients find them.
/// </summary>
public sealed class EvaluationEndpointsTests(ServingServer server) : IClassFixture<ServingServer>
{
    private static readonly double[] Coefficients = [0.8, -1.2, 0.5, 2.0];

    [Fact]
    public async Task Predictions_are_evaluated_and_stored_on_the_source_run_and_version()
    {
        var version = await server.RegisterAsync("eval-predictions", ServingServer.Fixture("linear_classifier.onnx"));
        var runId = server.LastRunId;
        var csv = PredictionsCsv(rows: 200, seed: 3);

        var (status, answer) = await PostAsync("eval-predictions", version, new JsonObject
        {
            ["task"] = "binary",
            ["predictions_csv"] = csv,
            ["label_column"] = "label",
            ["score_columns"] = new JsonArray("score"),
            ["slice_by"] = new JsonArray("group"),
            ["sensitive"] = "group",
            ["gate"] = "roc_auc >= 0.6 and dp_ratio >= 0.1",
            ["dataset_name"] = "holdout",
        });

        Assert.True(status == 200, answer.ToJsonString());
        var id = (string)answer["evaluation_id"]!;
        Assert.Equal(runId, (string?)answer["run_id"]);
        Assert.Equal("eval.holdout.", (string?)answer["metric_prefix"]);
        Assert.True((bool)answer["gate"]!["passed"]!);

        var spec = new EvaluationSpec
        {
            Task = EvaluationTask.Binary,
            Columns = new PredictionColumns("label", Scores: ["score"]),
            SliceBy = ["group"],
            SensitiveColumn = "group",
            Gate = "roc_auc >= 0.6 and dp_ratio >= 0.1",
        };
        using var reader = new StringReader(csv);
        var direct = Evaluator.Evaluate(PredictionTable.PredictionCsv(reader, "predictions_csv", spec.Task, spec.Columns), spec);
        var expected = direct.Metrics.Concat(direct.Fairness!.Metrics).ToDictionary(p => p.Key, p => p.Value);
        AssertMetrics(expected, answer["metrics"]!.AsObject());

        var run = await server.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/runs/get?run_id={runId}");
        var logged = run["run"]!["data"]!["metrics"]!.AsArray()
            .Where(m => ((string)m!["key"]!).StartsWith("eval.holdout.", StringComparison.Ordinal))
            .ToDictionary(m => ((string)m!["key"]!)["eval.holdout.".Length..], m => Number(m!["value"]!));
        Assert.Equal(expected.Count, logged.Count);
        AssertMetrics(expected, new JsonObject(logged.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))));

        Assert.Equal([$"evaluations/{id}/evaluation.json", $"evaluations/{id}/report.html"], answer["artifacts"]!.AsArray().Select(a => (string)a!));
        var artifactRoot = ((string)run["run"]!["info"]!["artifact_uri"]!)["mlflow-artifacts:/".Length..].TrimStart('/');
        var report = await server.Http.GetStringAsync($"/api/2.0/mlflow-artifacts/artifacts/{artifactRoot}/evaluations/{id}/report.html");
        Assert.Contains("<html", report, StringComparison.OrdinalIgnoreCase);
        var storedJson = await server.Http.GetStringAsync($"/api/2.0/mlflow-artifacts/artifacts/{artifactRoot}/evaluations/{id}/evaluation.json");
        Assert.Equal(EvaluationJson.Serialize(direct), storedJson);
        Assert.Equal(storedJson, await server.Http.GetStringAsync($"/api/crucible/v1/models/eval-predictions/versions/{version}/evaluations/{id}"));

        var tags = await VersionTagsAsync("eval-predictions", version);
        Assert.Equal(id, tags["crucible.evaluation.latest"]);
        Assert.Equal("passed", tags["crucible.evaluation.gate"]);
    }

    [Fact]
    public async Task A_dataset_is_run_through_the_versions_verified_model()
    {
        var version = await server.RegisterAsync("eval-dataset", ServingServer.Fixture("linear_classifier.onnx"));
        var csv = DatasetCsv(rows: 120, seed: 5);

        var (status, answer) = await PostAsync("eval-dataset", version, new JsonObject
        {
            ["dataset_csv"] = csv,
            ["exclude_columns"] = new JsonArray("region"),
            ["slice_by"] = new JsonArray("region"),
            ["gate"] = "roc_auc >= 0.999",
        });

        Assert.True(status == 200, answer.ToJsonString());
        var spec = new EvaluationSpec { Columns = new PredictionColumns("label"), SliceBy = ["region"], Gate = "roc_auc >= 0.999" };
        using var reader = new StringReader(csv);
        var direct = ModelRunner.Evaluate(ServingServer.Fixture("linear_classifier.onnx"), Dataset.ReadCsv(reader, "dataset_csv", "label", excludeColumns: ["region"]), spec);
        AssertMetrics(direct.Metrics.ToDictionary(), answer["metrics"]!.AsObject());
        Assert.Equal("eval.default.", (string?)answer["metric_prefix"]);
        Assert.Equal(direct.Gate!.Passed, (bool)answer["gate"]!["passed"]!);

        var run = await server.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/runs/get?run_id={server.LastRunId}");
        var auc = run["run"]!["data"]!["metrics"]!.AsArray().Single(m => (string)m!["key"]! == "eval.default.roc_auc");
        Assert.Equal(direct.Metrics["roc_auc"], Number(auc!["value"]!));
        var tags = await VersionTagsAsync("eval-dataset", version);
        Assert.Equal(direct.Gate.Passed ? "passed" : "failed", tags["crucible.evaluation.gate"]);
    }

    [Fact]
    public async Task A_failed_gate_is_tagged_and_a_later_evaluation_without_gate_clears_it()
    {
        var version = await server.RegisterAsync("eval-gate", ServingServer.Fixture("linear_classifier.onnx"));
        var csv = PredictionsCsv(rows: 80, seed: 9);

        var (status, answer) = await PostAsync("eval-gate", version, new JsonObject { ["predictions_csv"] = csv, ["gate"] = "roc_auc > 1" });
        Assert.True(status == 200, answer.ToJsonString());
        Assert.False((bool)answer["gate"]!["passed"]!);
        Assert.Equal("failed", (await VersionTagsAsync("eval-gate", version))["crucible.evaluation.gate"]);

        (status, answer) = await PostAsync("eval-gate", version, new JsonObject { ["predictions_csv"] = csv });
        Assert.True(status == 200, answer.ToJsonString());
        Assert.Null(answer["gate"]);
        var tags = await VersionTagsAsync("eval-gate", version);
        Assert.False(tags.ContainsKey("crucible.evaluation.gate"));
        Assert.Equal((string)answer["evaluation_id"]!, tags["crucible.evaluation.latest"]);
    }

    [Fact]
    public async Task A_version_without_a_source_run_gets_only_the_tags_and_the_answer_says_so()
    {
        await server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = "eval-no-run" });
        var created = await server.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = "eval-no-run", ["source"] = "s3://bucket/models/x" });
        var version = (string)created["model_version"]!["version"]!;

        var (status, answer) = await PostAsync("eval-no-run", version, new JsonObject { ["predictions_csv"] = PredictionsCsv(rows: 50, seed: 1) });

        Assert.True(status == 200, answer.ToJsonString());
        Assert.Null(answer["run_id"]);
        Assert.Empty(answer["artifacts"]!.AsArray());
        Assert.Contains("no source run", (string)answer["note"]!, StringComparison.Ordinal);
        Assert.True(answer["metrics"]!.AsObject().ContainsKey("roc_auc"));
        var id = (string)answer["evaluation_id"]!;
        Assert.Equal(id, (await VersionTagsAsync("eval-no-run", version))["crucible.evaluation.latest"]);
        var (getStatus, _) = await server.SendAsync(HttpMethod.Get, $"/api/crucible/v1/models/eval-no-run/versions/{version}/evaluations/{id}");
        Assert.Equal(404, getStatus);
    }

    [Fact]
    public async Task Bad_requests_are_400_or_404_problems_naming_what_is_wrong()
    {
        var version = await server.RegisterAsync("eval-errors", ServingServer.Fixture("linear_classifier.onnx"));
        var good = PredictionsCsv(rows: 40, seed: 2);
        var badCell = string.Join('\n', good.Split('\n').Select((line, i) => i == 3 ? "1,not-a-number,a" : line));

        await ExpectAsync("nope", "1", new JsonObject { ["predictions_csv"] = good }, 404, "nope");
        await ExpectAsync("eval-errors", "99", new JsonObject { ["predictions_csv"] = good }, 404, "99");
        await ExpectAsync("eval-errors", version, new JsonObject { ["predictions_csv"] = badCell }, 400, "line 4");
        await ExpectAsync("eval-errors", version, new JsonObject { ["predictions_csv"] = badCell }, 400, "score");
        await ExpectAsync("eval-errors", version, new JsonObject { ["predictions_csv"] = good, ["label_column"] = "missing" }, 400, "missing");
        await ExpectAsync("eval-errors", version, new JsonObject { ["predictions_csv"] = good, ["gate"] = "roc_auc >=" }, 400, "gate");
        await ExpectAsync("eval-errors", version, new JsonObject { ["predictions_csv"] = good, ["gate"] = "no_such_metric > 1" }, 400, "no_such_metric");
        await ExpectAsync("eval-errors", version, new JsonObject { ["predictions_csv"] = good, ["dataset_csv"] = good }, 400, "exactly one");
        await ExpectAsync("eval-errors", version, new JsonObject(), 400, "exactly one");
        await ExpectAsync("eval-errors", version, new JsonObject { ["predictions_csv"] = good, ["task"] = "ranking" }, 400, "ranking");
        await ExpectAsync("eval-errors", version, new JsonObject { ["predictions_csv"] = good, ["dataset_name"] = "../x" }, 400, "dataset_name");
        await ExpectAsync("eval-errors", version, new JsonObject { ["predictions_csv"] = good, ["lable_column"] = "label" }, 400, "lable_column");
        await ExpectAsync("eval-errors", version, new JsonObject { ["predictions_csv"] = good, ["bootstrap"] = 1_000_000 }, 400, "bootstrap");
        await ExpectAsync("eval-errors", version, new JsonObject { ["dataset_csv"] = "a,b,label\n1,2,0\n3,4,1\n" }, 400, "model");
        await ExpectAsync("eval-errors", version, new JsonObject { ["dataset_csv"] = "a,b,c,d,label\n1,2,x,4,0\n" }, 400, "c");

        var (status, body) = await server.SendAsync(HttpMethod.Post, $"/api/crucible/v1/models/eval-errors/versions/{version}/evaluations", raw: "{\"predictions_csv\": ");
        Assert.Equal(400, status);
        Assert.NotNull(body["errorCode"]);
        (status, _) = await server.SendAsync(HttpMethod.Get, $"/api/crucible/v1/models/eval-errors/versions/{version}/evaluations/{new string('a', 32)}");
        Assert.Equal(404, status);
        (status, _) = await server.SendAsync(HttpMethod.Get, $"/api/crucible/v1/models/eval-errors/versions/{version}/evaluations/..%2F..%2Fx");
        Assert.Equal(400, status); // an encoded slash is refused before routing (docs/requests.md)
        Assert.False((await VersionTagsAsync("eval-errors", version)).ContainsKey("crucible.evaluation.latest"));
    }

    private async Task ExpectAsync(string model, string version, JsonObject body, int expected, string mention)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/crucible/v1/models/{model}/versions/{version}/evaluations")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{body.ToJsonString()[..Math.Min(120, body.ToJsonString().Length)]} gave {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (string)JsonNode.Parse(text)!["detail"]!;
        Assert.Contains(mention, detail, StringComparison.OrdinalIgnoreCase);
    }

    private Task<(int Status, JsonNode Body)> PostAsync(string model, string version, JsonObject body) =>
        server.SendAsync(HttpMethod.Post, $"/api/crucible/v1/models/{model}/versions/{version}/evaluations", body);

    private async Task<Dictionary<string, string>> VersionTagsAsync(string model, string version)
    {
        var got = await server.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/model-versions/get?name={model}&version={version}");
        return (got["model_version"]!["tags"]?.AsArray() ?? []).ToDictionary(t => (string)t!["key"]!, t => (string)t!["value"]!);
    }

    private static void AssertMetrics(IReadOnlyDictionary<string, double> expected, JsonObject actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (key, value) in expected)
        {
            Assert.True(value.Equals(Number(actual[key]!)), $"{key}: expected {value}, got {actual[key]}");
        }
    }

    /// <summary>A JSON number, or MLflow's "NaN"/"Infinity" strings.</summary>
    private static double Number(JsonNode node) =>
        node.GetValueKind() == System.Text.Json.JsonValueKind.String ? double.Parse((string)node!, CultureInfo.InvariantCulture) : (double)node;

    /// <summary>label,score,group: noisy but informative scores, two groups.</summary>
    private static string PredictionsCsv(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("label,score,group\n");
        for (var i = 0; i < rows; i++)
        {
            var label = random.NextDouble() < 0.4 ? 1 : 0;
            var score = Math.Clamp((label * 0.35) + (random.NextDouble() * 0.65), 0, 1);
            text.Append(CultureInfo.InvariantCulture, $"{label},{score:R},{(i % 3 == 0 ? "a" : "b")}\n");
        }

        return text.ToString();
    }

    /// <summary>a,b,c,d,label,region: labels from the fixture's own linear rule with some flips.</summary>
    private static string DatasetCsv(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("a,b,c,d,label,region\n");
        for (var i = 0; i < rows; i++)
        {
            double[] x = [random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1];
            var s = x.Select((v, j) => v * Coefficients[j]).Sum() - 0.3;
            var label = (s > 0) ^ (random.NextDouble() < 0.1) ? 1 : 0;
            text.Append(CultureInfo.InvariantCulture, $"{x[0]:R},{x[1]:R},{x[2]:R},{x[3]:R},{label},{(i % 2 == 0 ? "north" : "south")}\n");
        }

        return text.ToString();
    }
}
