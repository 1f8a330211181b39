using Crucible.Core.Errors;
using Crucible.Core.Pipelines;
using Crucible.Core.Tracking;
using Crucible.Pipelines.Running;

namespace Crucible.Pipelines.Tests.Running;

public sealed class PipelineRunnerTests
{
    private static string Pipeline(string data, string command, string gate = "roc_auc >= 0.6") => $$"""
        name: runner-test
        params:
          data: {{data}}
        steps:
          - id: check
            type: validate
            dataset: ${params.data}
            label: label
          - id: train
            type: train
            needs: check
            dataset: ${params.data}
            label: label
            params: {lr: "0.1"}
            command: {{command}}
          - id: eval
            type: evaluate
            model: ${steps.train.outputs.model}
            dataset: ${params.data}
          - id: gate
            type: gate
            evaluation: eval
            condition: {{gate}}
        """;

    private static string CopyFixture => $"""[sh, -c, 'echo "lr=$CRUCIBLE_PARAM_LR run=$CRUCIBLE_RUN_ID"; cp "{RunnerHarness.FixtureModel}" "$CRUCIBLE_OUTPUT_DIR/model.onnx"']""";

    [Fact]
    public async Task A_command_trained_model_flows_by_reference_into_evaluate_and_gate()
    {
        await using var harness = await RunnerHarness.StartAsync();
        var data = harness.WriteDataset("train.csv", 400, seed: 11);

        var run = await harness.RunAsync(Pipeline(data, CopyFixture));

        Assert.True(run.Status == PipelineStatus.Succeeded, run.Error);
        Assert.All(run.Steps, s => Assert.Equal(PipelineStatus.Succeeded, s.Status));
        var train = PipelineJson.Read(run.Steps[1].OutputsJson);
        var tracking = await harness.Store.Runs.GetRunAsync(train["run_id"], CancellationToken.None);
        Assert.Equal(RunStatus.Finished, tracking.Info.Status);
        Assert.Contains(tracking.Data.Params, p => p is { Key: "lr", Value: "0.1" });
        // The run names the file it trained on by its digest (lineage for a version registered from it).
        var input = Assert.Single(tracking.Inputs.DatasetInputs);
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(data)))[..32];
        Assert.Equal(("train", digest, "local", Path.GetFullPath(data)), (input.Dataset.Name, input.Dataset.Digest, input.Dataset.SourceType, input.Dataset.Source));
        Assert.Contains(input.Tags, t => t is { Key: "mlflow.data.context", Value: "training" });
        Assert.Contains($"lr=0.1 run={train["run_id"]}", run.Steps[1].Log, StringComparison.Ordinal);
        var eval = PipelineJson.Read(run.Steps[2].OutputsJson);
        Assert.Equal("400", eval["rows"]);
        Assert.InRange(double.Parse(eval["roc_auc"], System.Globalization.CultureInfo.InvariantCulture), 0.6, 1.0);
        Assert.Contains("holds: roc_auc >= 0.6", run.Steps[3].Log, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(harness.Folder, "work", run.Id)), "the run's work folder is removed at the end");
    }

    [Fact]
    public async Task A_command_exiting_non_zero_fails_the_run_with_its_stderr_tail_and_skips_the_rest()
    {
        await using var harness = await RunnerHarness.StartAsync();
        var data = harness.WriteDataset("train.csv", 50, seed: 1);

        var run = await harness.RunAsync(Pipeline(data, "[sh, -c, 'echo starting; echo out of memory >&2; exit 3']"));

        Assert.Equal(PipelineStatus.Failed, run.Status);
        Assert.Equal("step 'train' (train) failed: command 'sh' exited with code 3; stderr ends with: out of memory", run.Error);
        Assert.Equal([PipelineStatus.Succeeded, PipelineStatus.Failed, PipelineStatus.Skipped, PipelineStatus.Skipped], run.Steps.Select(s => s.Status));
        Assert.Contains("stderr: out of memory", run.Steps[1].Log, StringComparison.Ordinal);
        Assert.Contains("exit code 3", run.Steps[1].Log, StringComparison.Ordinal);
        Assert.NotNull(run.Steps[1].DurationMs);
        var stored = await harness.Store.Pipelines.GetRunAsync(run.Id, CancellationToken.None);
        Assert.Equal(run, stored with { Steps = run.Steps });
        var experiment = (await harness.Store.Experiments.FindExperimentByNameAsync("pipelines/runner-test", CancellationToken.None))!;
        var tracking = await harness.Store.Runs.SearchRunsAsync(new RunSearchQuery([experiment.ExperimentId], null, ViewType.ActiveOnly, 10, [], null), CancellationToken.None);
        Assert.Equal(RunStatus.Failed, Assert.Single(tracking.Items).Info.Status);
    }

    [Fact]
    public async Task A_command_that_writes_no_model_fails_the_step()
    {
        await using var harness = await RunnerHarness.StartAsync();
        var data = harness.WriteDataset("train.csv", 50, seed: 1);

        var run = await harness.RunAsync(Pipeline(data, "[sh, -c, 'exit 0']"));

        Assert.Contains("wrote no model.onnx", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_data_check_stops_the_run_before_training()
    {
        await using var harness = await RunnerHarness.StartAsync();
        var data = harness.WriteDataset("train.csv", 50, seed: 1);
        File.AppendAllLines(data, Enumerable.Repeat("0.1,0.2,0.3,0.4,1", 30));

        var run = await harness.RunAsync(Pipeline(data, CopyFixture).Replace("label: label\n  - id: train", "label: label\n    conditions: {max_duplicate_share: 0.01}\n  - id: train", StringComparison.Ordinal));

        Assert.Equal([PipelineStatus.Failed, PipelineStatus.Skipped, PipelineStatus.Skipped, PipelineStatus.Skipped], run.Steps.Select(s => s.Status));
        Assert.Contains("data check(s) failed", run.Error, StringComparison.Ordinal);
        Assert.Contains("fail", run.Steps[0].Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_gate_rolls_back_earlier_changes_newest_first()
    {
        var state = new List<string> { "v1" };
        await using var harness = await RunnerHarness.StartAsync(new RecordingStep(state));
        var data = harness.WriteDataset("train.csv", 200, seed: 4);
        var yaml = Pipeline(data, CopyFixture, gate: "roc_auc >= 0.999") + """

              - id: first
                type: deploy
                deployment: d
                model: models:/m/1
              - id: second
                type: deploy
                needs: first
                deployment: d
                model: models:/m/2
            """;
        // The gate runs after both deploys, and fails.
        var run = await harness.RunAsync(yaml.Replace("    evaluation: eval", "    needs: second\n    evaluation: eval", StringComparison.Ordinal));

        Assert.Equal(PipelineStatus.Failed, run.Status);
        Assert.StartsWith("step 'gate' (gate) failed: gate did not hold: roc_auc >= 0.999 (", run.Error, StringComparison.Ordinal);
        Assert.Equal(["v1"], state);
        Assert.Equal(["check", "train", "eval", "first", "second", "gate"], run.Steps.Select(s => s.StepId));
        Assert.Equal(PipelineStatus.Compensated, run.Steps.Single(s => s.StepId == "first").Status);
        Assert.Contains("rolled back: remove models:/m/2", run.Steps.Single(s => s.StepId == "second").Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overrides_must_name_declared_parameters_and_replace_their_defaults()
    {
        await using var harness = await RunnerHarness.StartAsync();
        var data = harness.WriteDataset("train.csv", 300, seed: 2);
        var error = await Assert.ThrowsAsync<CrucibleException>(() => harness.RunAsync(Pipeline("nowhere.csv", CopyFixture), new Dictionary<string, string> { ["dta"] = data }));
        Assert.Equal("Pipeline 'runner-test' has no parameter 'dta'; declared: data.", error.Message);

        var run = await harness.RunAsync(Pipeline("nowhere.csv", CopyFixture), new Dictionary<string, string> { ["data"] = data });

        Assert.True(run.Status == PipelineStatus.Succeeded, run.Error);
        Assert.Equal(data, PipelineJson.Read(run.ParamsJson)["data"]);
    }

    [Fact]
    public async Task A_missing_output_key_fails_the_step_naming_the_outputs_there_are()
    {
        await using var harness = await RunnerHarness.StartAsync();
        var data = harness.WriteDataset("train.csv", 100, seed: 2);

        var run = await harness.RunAsync(Pipeline(data, CopyFixture).Replace("${steps.train.outputs.model}", "${steps.train.outputs.modle}", StringComparison.Ordinal));

        Assert.Equal("step 'eval' (evaluate) failed: '${steps.train.outputs.modle}': step 'train' has no output 'modle'; it has model, output_dir, run_id", run.Error);
    }

    /// <summary>A step that changes a list and registers the undo, standing in for deploy.</summary>
    private sealed class RecordingStep(List<string> state) : IPipelineStep
    {
        public string Type => "deploy";

        public Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            var model = context.Settings.RequiredText("model");
            state.Add(model);
            context.OnRollback("remove " + model, _ =>
            {
                Assert.Equal(model, state[^1]);
                state.RemoveAt(state.Count - 1);
                return Task.CompletedTask;
            });
            return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());
        }
    }
}
