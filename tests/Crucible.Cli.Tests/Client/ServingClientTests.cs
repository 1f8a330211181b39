using System.Globalization;
using System.Net;
using System.Text;
using Crucible.Client;
using Crucible.Contracts.Evaluation;
using Crucible.Contracts.Serving;

namespace Crucible.Cli.Tests.Client;

/// <summary>Remote evaluation and inference through the client, against the real server.</summary>
public sealed class ServingClientTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    [Fact]
    public async Task A_version_is_evaluated_on_the_server_and_the_metrics_land_on_its_run()
    {
        using var client = server.Client();
        var (name, runId) = await ClientFixtures.RegisteredVersionAsync(client, "linear_classifier.onnx");

        var answer = await client.EvaluateModelVersionAsync(name, "1", new EvaluateVersionRequest
        {
            PredictionsCsv = Predictions(), LabelColumn = "label", Gate = "roc_auc > 0.5", DatasetName = "holdout",
        });
        var run = await client.GetRunAsync(runId);

        Assert.Equal((runId, "eval.holdout."), (answer.RunId, answer.MetricPrefix));
        Assert.True(answer.Gate?.Passed);
        Assert.InRange(answer.Metrics["roc_auc"], 0.5, 1.0);
        Assert.Contains(run.Data.Metrics ?? [], m => m.Key == "eval.holdout.roc_auc" && m.Value == answer.Metrics["roc_auc"]);
        var unknown = await Assert.ThrowsAsync<CrucibleApiException>(() => client.EvaluateModelVersionAsync(name, "9", new EvaluateVersionRequest { PredictionsCsv = Predictions() }));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", unknown.ErrorCode);
    }

    [Fact]
    public async Task Inference_through_a_deployment_names_the_version_that_answered()
    {
        using var client = server.Client();
        var (name, _) = await ClientFixtures.RegisteredVersionAsync(client);
        await client.CreateDeploymentAsync(new DeploymentRequest(name, [new(name, "1")]));
        var row = Enumerable.Range(0, 32).Select(i => i / 32f).ToArray();

        var answer = await client.InferAsync(name, new InferRequestDto([InferTensorDto.Fp32("input", [1, 32], row)]) { Id = "req-1" });
        var metadata = await client.GetInferenceMetadataAsync(name);

        Assert.Equal((name, "1", "req-1"), (answer.ModelName, answer.ModelVersion, answer.Id));
        var output = Assert.Single(answer.Outputs);
        Assert.Equal(output.Shape.Aggregate(1L, (a, b) => a * b), output.Data.GetArrayLength());
        Assert.Equal("input", Assert.Single(metadata.Inputs).Name);
        var missing = await Assert.ThrowsAsync<CrucibleApiException>(() => client.InferAsync("no-such-deployment", new InferRequestDto([InferTensorDto.Fp32("input", [1, 32], row)])));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no-such-deployment", missing.Message, StringComparison.Ordinal);
    }

    private static string Predictions()
    {
        var random = new Random(17);
        var text = new StringBuilder("label,score\n");
        for (var i = 0; i < 100; i++)
        {
            var label = random.NextDouble() < 0.5 ? 1 : 0;
            text.Append(CultureInfo.InvariantCulture, $"{label},{Math.Clamp((label * 0.3) + (random.NextDouble() * 0.7), 0, 1):R}\n");
        }

        return text.ToString();
    }
}
