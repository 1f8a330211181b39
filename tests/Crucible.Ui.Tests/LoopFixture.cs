using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Core.Serving;
using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Ui.Tests;

/// <summary>
/// The shared UI fixture plus what the monitoring, dataset and pipeline pages show: a deployment "scorer" serving
/// y = x (x of shape [1, 4]) whose prediction log holds a reference hour five hours ago and the four hours after it,
/// the first two inputs shifted more and more (0, 0.3, 1, 3), written straight into the server's real log; a drift-share
/// monitor with <c>retrain</c> run over those four hours (the last fires an alert and a retraining signal); a pipeline
/// listening for that signal; a dataset "churn" in two versions (the second derived from the first); and a
/// maintainer, <see cref="Maintainer"/>.
/// </summary>
public sealed class LoopFixture : IAsyncLifetime
{
    public const string Maintainer = "max";
    public const string Deployment = "scorer";
    public const string Pipeline = "churn-retrain";
    public const string Dataset = "churn";
    public const long Hour = 3_600_000;

    private const string PipelineYaml = """
        name: churn-retrain
        params:
          train: churn@1
        trigger:
          on_retraining_signal: {deployment: scorer}
        steps:
          - id: check
            type: validate
            dataset: ${params.train}
            label: churned
          - id: train
            type: train
            needs: check
            trainer: logistic_regression
            dataset: ${params.train}
            label: churned
            exclude_columns: [email, plan]
          - id: recheck
            type: validate
            needs: check
            dataset: ${params.train}
        """;

    public UiFixture Ui { get; } = new();

    public UiServer Server => Ui.Server;

    public string MonitorId { get; private set; } = null!;

    public long HourA { get; private set; }

    public async Task InitializeAsync()
    {
        await Ui.InitializeAsync();
        await Server.CreateUserAsync(Maintainer, UiFixture.Password, "maintainer");
        await RegisterDatasetAsync(Csv(rows: 120, seed: 1), string.Empty);
        await RegisterDatasetAsync(Csv(rows: 150, seed: 2), "&parents=churn@1&transform=resampled");
        await Server.PostAsync("/api/crucible/v1/pipelines", new Dictionary<string, string> { ["yaml"] = PipelineYaml });

        var version = await RegisterModelAsync();
        await Server.PostAsync("/api/crucible/v1/deployments", new JsonObject
        {
            ["name"] = Deployment,
            ["routes"] = new JsonArray(new JsonObject { ["model"] = Deployment, ["version"] = version }),
        });
        var now = Server.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
        HourA = (now / Hour * Hour) - (5 * Hour);
        var log = Server.App.Services.GetRequiredService<IPredictionLogStore>();
        var rng = new Random(20261207);
        await AppendHourAsync(log, version, rng, HourA, shift: 0);
        double[] shifts = [0, 0.3, 1, 3];
        for (var i = 0; i < shifts.Length; i++)
        {
            await AppendHourAsync(log, version, rng, HourA + ((i + 1) * Hour), shifts[i]);
        }

        var monitor = await Server.PostAsync("/api/crucible/v1/monitors", new JsonObject
        {
            ["deployment"] = Deployment,
            ["reference_start"] = HourA,
            ["reference_end"] = HourA + Hour,
            ["retrain"] = true,
        });
        MonitorId = (string)monitor["monitor"]!["id"]!;
        for (var i = 1; i <= shifts.Length; i++)
        {
            var start = HourA + (i * Hour);
            await Server.PostAsync($"/api/crucible/v1/monitors/{MonitorId}/run", new JsonObject { ["window_start"] = start, ["window_end"] = start + Hour });
        }
    }

    public Task DisposeAsync() => Ui.DisposeAsync();

    /// <summary>GETs a native path as the admin and parses it.</summary>
    public async Task<JsonNode> GetAsync(string path) => JsonNode.Parse(await Server.Admin.GetStringAsync(path))!;

    private async Task RegisterDatasetAsync(string csv, string extra)
    {
        using var content = new StringContent(csv, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await Server.Admin.PostAsync($"/api/crucible/v1/datasets/{Dataset}/versions?format=csv&license=CC-BY-4.0&owner=ada&source=s3://bucket/churn.csv{extra}", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A churn table: numbers, a category, an e-mail column (personal data) and the label.</summary>
    private static string Csv(int rows, int seed)
    {
        var rng = new Random(seed);
        var text = new StringBuilder("age,income,plan,email,churned\n");
        string[] plans = ["basic", "plus", "pro"];
        for (var i = 0; i < rows; i++)
        {
            var age = 18 + rng.Next(60);
            var income = Math.Round(20_000 + (rng.NextDouble() * 80_000), 2);
            text.Append(CultureInfo.InvariantCulture, $"{age},{income.ToString(CultureInfo.InvariantCulture)},{plans[rng.Next(3)]},user{i}@example.com,{(rng.NextDouble() < (age > 50 ? 0.6 : 0.25) ? 1 : 0)}\n");
        }

        return text.ToString();
    }

    private async Task<string> RegisterModelAsync()
    {
        var onnx = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "N", 4)
            .Output("y", OnnxElementType.Fp32, "N", 4)
            .Initializer("k", [1f], 1)
            .Node("Mul", ["x", "k"], ["y"])
            .ToBytes();
        var run = await Server.PostAsync("/api/2.0/mlflow/runs/create", new JsonObject { ["experiment_id"] = "0" });
        var runId = (string)run["run"]!["info"]!["run_id"]!;
        using var upload = await Server.Admin.PostAsync($"/api/crucible/v1/runs/{runId}/packages/model", new ByteArrayContent(onnx));
        var written = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        Assert.True(upload.IsSuccessStatusCode, written.ToJsonString());
        await Server.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = Deployment });
        var version = await Server.PostAsync("/api/2.0/mlflow/model-versions/create", new JsonObject
        {
            ["name"] = Deployment,
            ["source"] = (string)written["source"]!,
            ["run_id"] = runId,
        });
        return (string)version["model_version"]!["version"]!;
    }

    /// <summary>300 records over the hour: x ~ N(shift, 1) in the first two input columns, N(0, 1) in the others; y = x.</summary>
    private static Task AppendHourAsync(IPredictionLogStore log, string version, Random rng, long hourStart, double shift)
    {
        var records = new List<PredictionRecord>();
        for (var i = 0; i < 300; i++)
        {
            var x = Enumerable.Range(0, 4).Select(j => Normal(rng) + (j < 2 ? shift : 0)).ToArray();
            var data = string.Join(',', x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            records.Add(new PredictionRecord(
                $"r{hourStart}-{i}", Deployment, Deployment, version, hourStart + (i * (Hour / 301)),
                $"{{\"x\":{{\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[{data}]}}}}",
                $"{{\"y\":{{\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[{data}]}}}}",
                1,
                false));
        }

        return log.AppendPredictionsAsync(records, CancellationToken.None);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
