using System.Text.Json.Nodes;
using Crucible.Core.Monitoring;
using Crucible.Core.Serving;
using Crucible.Server.Tests.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Pipelines;

/// <summary>
/// Issue 8 over a real server: a command-trained model (a copy of the committed ONNX fixture) is evaluated against the
/// champion, gated, registered, deployed as a canary and promoted; a failing gate after a promotion rolls the alias
/// and the routes back.
/// </summary>
public sealed class PipelineEndToEndTests
{
    private static string Retrain(string data, string gate, string notify = "http://127.0.0.1:9/none") => $$"""
        name: churn-retrain
        params:
          data: {{data}}
        trigger:
          on_retraining_signal: {deployment: churn}
        steps:
          - id: check
            type: validate
            dataset: ${params.data}
            label: label
          - id: train
            type: train
            needs: check
            dataset: ${params.data}
            command: [sh, -c, 'cp "{{PipelineServer.Fixture}}" "$CRUCIBLE_OUTPUT_DIR/model.onnx"']
          - id: eval
            type: evaluate
            model: ${steps.train.outputs.model}
            dataset: ${params.data}
            champion: models:/churn@champion
          - id: gate
            type: gate
            evaluation: eval
            condition: {{gate}}
          - id: register
            type: register
            needs: gate
            model: ${steps.train.outputs.model}
            run_id: ${steps.train.outputs.run_id}
            name: churn
          - id: canary
            type: deploy
            deployment: churn
            model: ${steps.register.outputs.uri}
            weight: 20
          - id: promote
            type: promote
            needs: canary
            deployment: churn
            model: ${steps.register.outputs.uri}
            alias: champion
            window: 0
          - id: tell
            type: notify
            needs: promote
            url: {{notify}}
            message: churn ${steps.register.outputs.version} promoted
        """;

    [Fact]
    public async Task A_retrained_model_is_registered_canaried_and_promoted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await PipelineServer.StartAsync();

        // The file's path is the default; the run reads the same rows as a registered dataset instead.
        var dataset = await server.RegisterDataAsync("churn-data");
        var run = await server.RunAsync(Retrain(server.DataPath, "roc_auc >= champion.roc_auc - 0.01", receiver.Url), new JsonObject { ["data"] = dataset });

        Assert.True((string)run["status"]! == "succeeded", run.ToJsonString());
        Assert.Equal(["check", "train", "eval", "gate", "register", "canary", "promote", "tell"], run["steps"]!.AsArray().Select(s => (string)s!["step_id"]!));
        Assert.All(run["steps"]!.AsArray(), s => Assert.Equal("succeeded", (string)s!["status"]!));
        Assert.EndsWith("churn-data-1.csv", (string)PipelineServer.Step(run, "check")["outputs"]!["dataset"]!, StringComparison.Ordinal);
        var eval = PipelineServer.Step(run, "eval")["outputs"]!;
        Assert.Equal(("models:/churn/1", "300"), ((string)eval["champion"]!, (string)eval["rows"]!));
        Assert.Equal((string)eval["roc_auc"]!, (string)eval["champion.roc_auc"]!);
        var register = PipelineServer.Step(run, "register")["outputs"]!;
        Assert.Equal(("2", "models:/churn/2"), ((string)register["version"]!, (string)register["uri"]!));
        Assert.Equal((string)PipelineServer.Step(run, "train")["outputs"]!["run_id"]!, (string)register["run_id"]!);
        // 20% of the traffic: the champion route keeps 4 parts of 5.
        Assert.Contains(": churn@champion weight 4, churn/2 weight 1", (string)PipelineServer.Step(run, "canary")["log"]!, StringComparison.Ordinal);

        Assert.Equal("2", (await server.Registry.GetVersionByAliasAsync("churn", "champion", CancellationToken.None)).Version);
        var deployment = await server.Deployments.GetDeploymentAsync("churn", CancellationToken.None);
        Assert.Equal([new DeploymentRoute(ModelReference.ToAlias("churn", "champion"), 100)], deployment.Routes);
        var version = await server.Registry.GetModelVersionAsync("churn", "2", CancellationToken.None);
        Assert.Contains(version.Tags, t => t.Key == "crucible.pipeline_run" && t.Value == (string)run["run_id"]!);
        var hook = Assert.Single(receiver.Received);
        Assert.Equal("pipeline.notify", hook.Event);
        Assert.Contains("churn 2 promoted", System.Text.Encoding.UTF8.GetString(hook.Body), StringComparison.Ordinal);

        // The serving host re-resolves the alias on its next refresh; then every request goes to version 2.
        await server.Server.WaitReadyAsync("churn");
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "features", ["shape"] = new JsonArray(1, 4), ["datatype"] = "FP32", ["data"] = new JsonArray(0.1, 0.2, 0.3, 0.4) }),
        };
        string? served = null;
        for (var i = 0; i < 100 && served != "2"; i++)
        {
            served = (string?)(await server.Server.OkAsync(HttpMethod.Post, "/v2/models/churn/infer", request))["model_version"];
            await Task.Delay(50);
        }

        Assert.Equal("2", served);
    }

    [Fact]
    public async Task A_failing_gate_after_a_promotion_leaves_the_champion_alias_and_the_routes_as_they_were()
    {
        await using var server = await PipelineServer.StartAsync();
        var before = await server.Deployments.GetDeploymentAsync("churn", CancellationToken.None);
        // Promote first, then a gate nothing passes: the promotion and the canary must both be undone.
        var yaml = Retrain(server.DataPath, "roc_auc >= 0.9999")
            .Replace("    needs: gate\n", "    needs: train\n", StringComparison.Ordinal)
            .Replace("    evaluation: eval\n", "    needs: promote\n    evaluation: eval\n", StringComparison.Ordinal);

        var run = await server.RunAsync(yaml);

        Assert.Equal("failed", (string)run["status"]!);
        Assert.StartsWith("step 'gate' (gate) failed: gate did not hold: roc_auc >= 0.9999 (", (string)run["error"]!, StringComparison.Ordinal);
        Assert.Equal(
            ["check:succeeded", "train:succeeded", "eval:succeeded", "register:succeeded", "canary:compensated", "promote:compensated", "gate:failed", "tell:skipped"],
            run["steps"]!.AsArray().Select(s => $"{s!["step_id"]}:{s["status"]}"));
        Assert.Contains("rolled back: alias 'champion' of 'churn' back to version 1", (string)PipelineServer.Step(run, "promote")["log"]!, StringComparison.Ordinal);
        Assert.Equal("1", (await server.Registry.GetVersionByAliasAsync("churn", "champion", CancellationToken.None)).Version);
        var after = await server.Deployments.GetDeploymentAsync("churn", CancellationToken.None);
        Assert.Equal(before.Routes, after.Routes);
        Assert.Equal(before.Revision + 4, after.Revision);
    }

    [Fact]
    public async Task A_command_exiting_non_zero_is_a_recorded_failed_run_with_the_stderr_tail()
    {
        await using var server = await PipelineServer.StartAsync();
        var yaml = Retrain(server.DataPath, "roc_auc > 0").Replace(
            $"""command: [sh, -c, 'cp "{PipelineServer.Fixture}" "$CRUCIBLE_OUTPUT_DIR/model.onnx"']""",
            "command: [sh, -c, 'echo CUDA out of memory >&2; exit 7']",
            StringComparison.Ordinal);

        var run = await server.RunAsync(yaml);

        Assert.Equal("failed", (string)run["status"]!);
        Assert.Equal("step 'train' (train) failed: command 'sh' exited with code 7; stderr ends with: CUDA out of memory", (string)run["error"]!);
        Assert.Contains("stderr: CUDA out of memory", (string)PipelineServer.Step(run, "train")["log"]!, StringComparison.Ordinal);
        Assert.NotNull(PipelineServer.Step(run, "train")["duration_ms"]);
        var runs = await server.Server.OkAsync(HttpMethod.Get, "/api/crucible/v1/pipelines/churn-retrain/runs");
        Assert.Equal("failed", (string)Assert.Single(runs["runs"]!.AsArray())!["status"]!);
        Assert.Equal("1", (await server.Registry.GetVersionByAliasAsync("churn", "champion", CancellationToken.None)).Version);
    }

    [Fact]
    public async Task A_retraining_signal_for_the_deployment_starts_the_pipeline()
    {
        await using var server = await PipelineServer.StartAsync();
        var (status, _) = await server.PostYamlAsync("/api/crucible/v1/pipelines", Retrain(server.DataPath, "roc_auc > 0"));
        Assert.Equal(200, status);
        var sinks = server.Server.App.Services.GetServices<IRetrainingSignalSink>().ToList();

        foreach (var sink in sinks)
        {
            await sink.OnSignalAsync(new RetrainingSignal("sig-1", "m-1", "other", "a-0", "drift", 0), CancellationToken.None);
        }

        Assert.Empty((await server.Server.OkAsync(HttpMethod.Get, "/api/crucible/v1/pipelines/churn-retrain/runs"))["runs"]!.AsArray());
        foreach (var sink in sinks)
        {
            await sink.OnSignalAsync(new RetrainingSignal("sig-2", "m-1", "churn", "a-1", "dataset drift 0.8 >= 0.5", 0), CancellationToken.None);
        }

        var run = Assert.Single((await server.Server.OkAsync(HttpMethod.Get, "/api/crucible/v1/pipelines/churn-retrain/runs"))["runs"]!.AsArray())!;
        Assert.Equal("retraining_signal:sig-2", (string)run["trigger"]!);
        await server.Server.App.Services.GetRequiredService<Crucible.Pipelines.Running.PipelineService>().WaitAsync((string)run["run_id"]!);
    }

    [Fact]
    public async Task An_alert_during_the_promotion_window_fails_the_promotion_and_takes_the_canary_off()
    {
        await using var server = await PipelineServer.StartAsync();
        var before = await server.Deployments.GetDeploymentAsync("churn", CancellationToken.None);
        var yaml = Retrain(server.DataPath, "roc_auc > 0").Replace("    window: 0\n", "    window: 2s\n", StringComparison.Ordinal);
        var (status, _) = await server.PostYamlAsync("/api/crucible/v1/pipelines", yaml);
        Assert.Equal(200, status);
        var id = (string)(await server.Server.OkAsync(HttpMethod.Post, "/api/crucible/v1/pipelines/churn-retrain/runs", new JsonObject()))["run"]!["run_id"]!;
        var store = server.Server.App.Services.GetRequiredService<Crucible.Core.Pipelines.IPipelineStore>();
        for (var i = 0; i < 400 && (await store.GetRunAsync(id, CancellationToken.None)).Steps.Single(s => s.StepId == "promote").Status != "running"; i++)
        {
            await Task.Delay(25);
        }

        // The canary is live; a monitor of the deployment fires while the promotion watches it.
        Assert.Equal(2, (await server.Deployments.GetDeploymentAsync("churn", CancellationToken.None)).Routes.Count);
        var monitors = server.Server.App.Services.GetRequiredService<IMonitorStore>();
        var monitor = await monitors.CreateMonitorAsync(new MonitorSpec("churn", 0, 3_600_000), CancellationToken.None);
        await monitors.AddAlertAsync(new Alert(string.Empty, monitor.Id, "churn", 0, 3_600_000, AlertStatus.Firing, "{}", 0, null, AlertDelivery.None), CancellationToken.None);
        await server.Server.App.Services.GetRequiredService<Crucible.Pipelines.Running.PipelineService>().WaitAsync(id);

        var run = await store.GetRunAsync(id, CancellationToken.None);
        Assert.Equal("step 'promote' (promote) failed: the canary churn/2 did not hold on 'churn': 0 failed prediction(s) and 1 alert(s) in the window", run.Error);
        Assert.Equal("compensated", run.Steps.Single(s => s.StepId == "canary").Status);
        Assert.Equal(before.Routes, (await server.Deployments.GetDeploymentAsync("churn", CancellationToken.None)).Routes);
        Assert.Equal("1", (await server.Registry.GetVersionByAliasAsync("churn", "champion", CancellationToken.None)).Version);
    }
}
