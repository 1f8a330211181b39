using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;

namespace Crucible.Ui.Tests;

/// <summary>
/// A <see cref="UiFixture"/> with two runs to look at, made through the API as a script would: params, tags, metric
/// histories, dataset inputs (one registered dataset, one not) and artifacts of every preview kind (text, JSON, PNG,
/// HTML report, ONNX model).
/// </summary>
public sealed class RunData : IAsyncLifetime
{
    public const string RegisteredDataset = "churn-train";
    public const string UnregisteredDataset = "scratch-sample";

    /// <summary>A 40×30 RGB PNG (a red-to-blue gradient).</summary>
    public static byte[] Png { get; } = TestPng.Gradient(40, 30);

    public UiFixture Ui { get; } = new();

    public UiServer Server => Ui.Server;

    public string ExperimentId { get; private set; } = string.Empty;

    public string RunA { get; private set; } = string.Empty;

    public string RunB { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        await Ui.InitializeAsync();
        ExperimentId = await Server.CreateExperimentAsync("run-pages");
        var start = TimeProvider.System.GetUtcNow().AddHours(-1).ToUnixTimeMilliseconds();
        RunA = await CreateRunAsync("bright-fox", start, new() { ["lr"] = "0.1", ["depth"] = "3", ["optimizer"] = "adam" }, new() { ["team"] = "growth", ["mlflow.user"] = "ada" },
            step => 1.0 / (step + 1), step => 0.5 + (step * 0.1));
        RunB = await CreateRunAsync("calm-owl", start + 60_000, new() { ["lr"] = "0.01", ["depth"] = "3", ["optimizer"] = "sgd" }, new() { ["team"] = "growth", ["mlflow.parentRunId"] = RunA },
            step => 2.0 / (step + 1), step => 0.4 + (step * 0.05));

        using (var csv = new StringContent("x,y\n1,0\n2,1\n3,0\n", Encoding.UTF8, "text/csv"))
        using (var registered = await Server.Admin.PostAsync($"/api/crucible/v1/datasets/{RegisteredDataset}/versions?format=csv", csv))
        {
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        }

        await Server.PostAsync("/api/2.0/mlflow/runs/log-inputs", new Dictionary<string, object>
        {
            ["run_id"] = RunA,
            ["datasets"] = new object[]
            {
                Input(RegisteredDataset, "d1g35t01", "training"),
                Input(UnregisteredDataset, "d1g35t02", "eval"),
            },
        });

        var root = await ArtifactRootAsync(RunA);
        await PutAsync(root + "/notes.txt", Encoding.UTF8.GetBytes("trained on churn-train\nsecond line\n"));
        await PutAsync(root + "/config.json", Encoding.UTF8.GetBytes("{\"lr\":0.1,\"layers\":[8,4]}"));
        await PutAsync(root + "/plots/roc.png", Png);
        await PutAsync(root + "/report.html", Encoding.UTF8.GetBytes("<!doctype html><title>r</title><h1 id=\"title\">Evaluation report</h1><script>document.title='ran'</script>"));
        await PutAsync(root + "/model/model.onnx", OnnxModel());
    }

    /// <summary>A small ONNX graph: y = Relu(x·W + b), opset 17, one MatMul, one Add, one Relu.</summary>
    public static byte[] OnnxModel() => new OnnxModelBuilder("scorer", "crucible-tests", "1.0")
        .Opset(string.Empty, 17)
        .Input("features", OnnxElementType.Fp32, "n", 3)
        .Output("score", OnnxElementType.Fp32, "n", 2)
        .Initializer("W", new float[] { 1, 0, 0, 1, 1, 1 }, 3, 2)
        .Initializer("b", new float[] { 0.5f, -0.5f }, 2)
        .Node("MatMul", ["features", "W"], ["xw"])
        .Node("Add", ["xw", "b"], ["z"])
        .Node("Relu", ["z"], ["score"])
        .ToBytes();

    public async Task<JsonNode> GetRunAsync(string runId) =>
        JsonNode.Parse(await Server.Admin.GetStringAsync($"/api/2.0/mlflow/runs/get?run_id={runId}"))!["run"]!;

    public async Task<JsonArray> HistoryAsync(string runId, string key) =>
        JsonNode.Parse(await Server.Admin.GetStringAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key={key}&max_results=25000"))!["metrics"]!.AsArray();

    public async Task<string> ArtifactRootAsync(string runId)
    {
        var uri = (string)(await GetRunAsync(runId))["info"]!["artifact_uri"]!;
        return "/api/2.0/mlflow-artifacts/artifacts/" + uri["mlflow-artifacts:".Length..].TrimStart('/');
    }

    /// <summary>Creates a finished run with the given params, tags and five steps of 'loss' and 'accuracy'.</summary>
    public async Task<string> CreateRunAsync(string name, long start, Dictionary<string, string> parameters, Dictionary<string, string> tags, Func<int, double> loss, Func<int, double> accuracy)
    {
        var run = await Server.PostAsync("/api/2.0/mlflow/runs/create", new Dictionary<string, object> { ["experiment_id"] = ExperimentId, ["run_name"] = name, ["start_time"] = start });
        var id = (string)run["run"]!["info"]!["run_id"]!;
        var metrics = new List<object>();
        for (var step = 0; step < 5; step++)
        {
            metrics.Add(new Dictionary<string, object> { ["key"] = "loss", ["value"] = loss(step), ["timestamp"] = start + (step * 1000), ["step"] = step });
            metrics.Add(new Dictionary<string, object> { ["key"] = "accuracy", ["value"] = accuracy(step), ["timestamp"] = start + (step * 1000), ["step"] = step });
        }

        await Server.PostAsync("/api/2.0/mlflow/runs/log-batch", new Dictionary<string, object>
        {
            ["run_id"] = id,
            ["metrics"] = metrics,
            ["params"] = parameters.Select(p => new Dictionary<string, string> { ["key"] = p.Key, ["value"] = p.Value }).ToList(),
            ["tags"] = tags.Select(p => new Dictionary<string, string> { ["key"] = p.Key, ["value"] = p.Value }).ToList(),
        });
        await Server.PostAsync("/api/2.0/mlflow/runs/update", new Dictionary<string, object> { ["run_id"] = id, ["status"] = "FINISHED", ["end_time"] = start + 5000 });
        return id;
    }

    /// <summary>Logs <paramref name="points"/> values of <paramref name="key"/> (1,000 a batch), a noisy decaying curve.</summary>
    public async Task LogLongMetricAsync(string runId, string key, int points, long start)
    {
        var random = new Random(7);
        for (var from = 0; from < points; from += 1000)
        {
            var batch = new List<object>();
            for (var step = from; step < Math.Min(points, from + 1000); step++)
            {
                var value = (1.0 / (1 + (step / 2000.0))) + (random.NextDouble() * 0.05);
                batch.Add(new Dictionary<string, object> { ["key"] = key, ["value"] = value, ["timestamp"] = start + step, ["step"] = step });
            }

            await Server.PostAsync("/api/2.0/mlflow/runs/log-batch", new Dictionary<string, object> { ["run_id"] = runId, ["metrics"] = batch });
        }
    }

    public Task DisposeAsync() => Ui.DisposeAsync();

    private static Dictionary<string, object> Input(string name, string digest, string context) => new()
    {
        ["tags"] = new[] { new Dictionary<string, string> { ["key"] = "mlflow.data.context", ["value"] = context } },
        ["dataset"] = new Dictionary<string, string> { ["name"] = name, ["digest"] = digest, ["source_type"] = "local", ["source"] = "/data/" + name + ".csv" },
    };

    private async Task PutAsync(string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await Server.Admin.PutAsync(path, content);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    internal static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
