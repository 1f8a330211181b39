using System.Security.Cryptography;

namespace Crucible.Server.Tests.Pipelines;

/// <summary>
/// Issue 13, item 10: every pipeline-made model version carries its run (FINISHED, with the trainer's params and
/// metrics and the dataset it trained on, by digest), so its lineage answers where it came from.
/// </summary>
public sealed class PipelineLineageTests
{
    private static string TrainAndRegister(string dataset) => $$"""
        name: lineage
        steps:
          - id: train
            type: train
            trainer: logistic_regression
            dataset: {{dataset}}
            label: label
            params: {max_iter: 50}
          - id: register
            type: register
            model: ${steps.train.outputs.model}
            name: lineage-model
        """;

    [Fact]
    public async Task A_registered_version_without_run_id_carries_the_training_run_and_its_dataset()
    {
        await using var server = await PipelineServer.StartAsync();
        var dataset = await server.RegisterDataAsync("lineage-data");

        var run = await server.RunAsync(TrainAndRegister(dataset));

        Assert.True((string)run["status"]! == "succeeded", run.ToJsonString());
        var trainRun = (string)PipelineServer.Step(run, "train")["outputs"]!["run_id"]!;
        Assert.Equal(trainRun, (string)PipelineServer.Step(run, "register")["outputs"]!["run_id"]!);
        var lineage = await server.Server.OkAsync(HttpMethod.Get, "/api/crucible/v1/models/lineage-model/versions/1/lineage");
        Assert.Equal(trainRun, (string)lineage["run_id"]!);
        Assert.Equal("FINISHED", (string)lineage["run_status"]!);
        var parameters = lineage["params"]!.AsArray().ToDictionary(p => (string)p!["key"]!, p => (string)p!["value"]!);
        Assert.Equal("logistic_regression", parameters["trainer"]);
        Assert.Equal("50", parameters["max_iter"]);
        Assert.NotEmpty(lineage["metrics"]!.AsArray());
        var input = Assert.Single(lineage["datasets"]!.AsArray())!;
        var digest = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(server.DataPath)))[..32];
        Assert.Equal(("lineage-data", digest, "crucible", "datasets:/lineage-data/1"), ((string)input["name"]!, (string)input["digest"]!, (string)input["source_type"]!, (string)input["source"]!));
        Assert.Contains(input["tags"]!.AsArray(), t => (string)t!["key"]! == "mlflow.data.context" && (string)t["value"]! == "training");

        // The dataset's page finds the version it trained.
        var trained = await server.Server.OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/lineage-data/versions/1/model-versions");
        Assert.Contains(trained["model_versions"]!.AsArray(), v => (string)v!["name"]! == "lineage-model" && (string)v["version"]! == "1");
    }

    [Fact]
    public async Task A_model_file_no_step_produced_is_registered_on_a_finished_run_of_its_own()
    {
        await using var server = await PipelineServer.StartAsync();

        var run = await server.RunAsync($$"""
            name: register-only
            steps:
              - id: register
                type: register
                model: {{PipelineServer.Fixture}}
                name: outside
            """);

        Assert.True((string)run["status"]! == "succeeded", run.ToJsonString());
        var lineage = await server.Server.OkAsync(HttpMethod.Get, "/api/crucible/v1/models/outside/versions/1/lineage");
        Assert.Equal((string)PipelineServer.Step(run, "register")["outputs"]!["run_id"]!, (string)lineage["run_id"]!);
        Assert.Equal("FINISHED", (string)lineage["run_status"]!);
    }
}
