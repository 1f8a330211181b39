using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Registry;

/// <summary>Where a version came from, and which versions a dataset trained.</summary>
public sealed class LineageTests : IClassFixture<RegistryServer>
{
    private readonly RegistryServer _server;

    public LineageTests(RegistryServer server) => _server = server;

    [Fact]
    public async Task Lineage_answers_run_params_metrics_and_datasets_both_ways()
    {
        var (runId, _) = await _server.NewRunAsync();
        await _server.PostAsync("runs/log-batch", new JsonObject
        {
            ["run_id"] = runId,
            ["params"] = new JsonArray(new JsonObject { ["key"] = "lr", ["value"] = "0.1" }),
            ["metrics"] = new JsonArray(new JsonObject { ["key"] = "acc", ["value"] = 0.93, ["timestamp"] = 1, ["step"] = 0 }),
        });
        await _server.PostAsync("runs/log-inputs", new JsonObject
        {
            ["run_id"] = runId,
            ["datasets"] = new JsonArray(new JsonObject
            {
                ["dataset"] = new JsonObject { ["name"] = "churn-train", ["digest"] = "abc123", ["source_type"] = "local", ["source"] = "/data/churn.csv" },
            }),
        });
        await _server.WritePackageAsync(runId, "model", File.ReadAllBytes(RegistryServer.Fixture("mlp.onnx")));
        await _server.CreateModelAsync("lineage");
        await _server.CreateVersionAsync("lineage", $"runs:/{runId}/model", runId);

        var lineage = await _server.OkAsync(HttpMethod.Get, "/api/crucible/v1/models/lineage/versions/1/lineage");
        Assert.Equal(runId, (string)lineage["run_id"]!);
        Assert.Equal("0", (string)lineage["experiment_id"]!);
        Assert.Equal("0.1", (string)lineage["params"]![0]!["value"]!);
        Assert.Equal(0.93, (double)lineage["metrics"]![0]!["value"]!);
        Assert.Equal(("churn-train", "abc123"), ((string)lineage["datasets"]![0]!["name"]!, (string)lineage["datasets"]![0]!["digest"]!));

        var trained = await _server.OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/churn-train/model-versions?digest=abc123");
        Assert.Equal(("lineage", "1"), ((string)trained["model_versions"]![0]!["name"]!, (string)trained["model_versions"]![0]!["version"]!));
        var none = await _server.OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/churn-train/model-versions?digest=other");
        Assert.Empty(none["model_versions"]!.AsArray());

        var (status, problem) = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/models/lineage/versions/9/lineage");
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (status, (string)problem["errorCode"]!));
    }
}
