using System.Text.Json.Nodes;
using Crucible.Core.Monitoring;
using Crucible.Server.Tests.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Security.Workspaces;

/// <summary>
/// What the per-resource guard cannot see: a pipeline's steps act for the pipeline's workspace only, and the
/// logged-model search, the alert list and the retraining-signal list show only what the caller may read.
/// </summary>
public sealed class WorkspaceBoundaryTests
{
    private static string Register(string pipeline, string model) => $$"""
        name: {{pipeline}}
        steps:
          - id: register
            type: register
            model: {{RegistryServer.Fixture("linear_classifier.onnx")}}
            name: {{model}}
        """;

    [Fact]
    public async Task A_pipeline_creates_in_its_own_workspace_and_cannot_write_into_another()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", WorkspaceFixture.Alice, """{"name":"alices-model"}""");
        await f.OkAsync(HttpMethod.Put, "/api/crucible/v1/principals/bob/roles/b", f.Admin, """{"role":"maintainer"}"""); // pipelines need a maintainer

        // Bob (maintainer of b, nothing in a) may not register into alice's model through the API...
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/model-versions/create", WorkspaceFixture.Bob, """{"name":"alices-model","source":"x"}""")).Status);

        // ...nor through a pipeline of his workspace: the step fails naming the boundary, and nothing is written.
        var refused = await RunAsync(f, "bob-into-a", Register("bob-into-a", "alices-model"));
        Assert.Equal("failed", refused["status"]!.GetValue<string>());
        var error = refused["error"]!.GetValue<string>();
        Assert.Contains("registered model 'alices-model' belongs to workspace 'a'", error, StringComparison.Ordinal);
        Assert.Contains("runs in workspace 'b'", error, StringComparison.Ordinal);
        var versions = await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/model-versions/search?filter=" + Uri.EscapeDataString("name='alices-model'"), f.Admin);
        Assert.Null(versions["model_versions"]);

        // A pipeline of workspace b creates its model and its run's experiment in b: bob reads them, alice may not.
        var done = await RunAsync(f, "bob-own", Register("bob-own", "bobs-model"));
        Assert.True(done["status"]!.GetValue<string>() == "succeeded", done.ToJsonString());
        await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/get?name=bobs-model", WorkspaceFixture.Bob);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/get?name=bobs-model", WorkspaceFixture.Alice)).Status);
        var experiment = Uri.EscapeDataString("pipelines/bob-own");
        await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + experiment, WorkspaceFixture.Bob);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=" + experiment, WorkspaceFixture.Alice)).Status);
    }

    [Fact]
    public async Task Logged_model_search_shows_only_models_of_readable_experiments()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        var inA = await f.CreateExperimentAsync(WorkspaceFixture.Alice, "a-exp");
        var inB = await f.CreateExperimentAsync(WorkspaceFixture.Bob, "b-exp");
        var mine = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            // Interleaved, so the unfiltered search's store pages mix both workspaces.
            mine.Add((await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models", WorkspaceFixture.Alice, $$"""{"experiment_id":"{{inA}}","name":"a{{i}}"}"""))["model"]!["info"]!["model_id"]!.GetValue<string>());
            await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models", WorkspaceFixture.Bob, $$"""{"experiment_id":"{{inB}}","name":"b{{i}}"}""");
        }

        // Naming both experiments: only alice's come back.
        var named = await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models/search", WorkspaceFixture.Alice, $$"""{"experiment_ids":["{{inA}}","{{inB}}"]}""");
        Assert.Equal(mine.Order(), Ids(named).Order());
        var onlyB = await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models/search", WorkspaceFixture.Alice, $$"""{"experiment_ids":["{{inB}}"]}""");
        Assert.Empty(Ids(onlyB));

        // Naming none (every experiment): pages of 2 are full of alice's models until they run out.
        var seen = new List<string>();
        string? token = null;
        do
        {
            var body = token is null ? """{"max_results":2}""" : $$"""{"max_results":2,"page_token":"{{token}}"}""";
            var page = await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models/search", WorkspaceFixture.Alice, body);
            token = page["next_page_token"]?.GetValue<string>();
            if (token is not null)
            {
                Assert.Equal(2, Ids(page).Count);
            }

            seen.AddRange(Ids(page));
        }
        while (token is not null && seen.Count < 10);

        Assert.Equal(mine.Order(), seen.Order());
        var all = await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models/search", f.Admin, """{"max_results":50}""");
        Assert.Equal(6, Ids(all).Count);
    }

    [Fact]
    public async Task Alert_and_signal_lists_show_only_those_of_readable_monitors()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        var monitors = f.Server.App.Services.GetRequiredService<IMonitorStore>();
        var signals = f.Server.App.Services.GetRequiredService<IRetrainingSignalStore>();
        var ids = new Dictionary<string, string>();
        foreach (var workspace in (string[])["a", "b"])
        {
            var monitor = await monitors.CreateMonitorAsync(new MonitorSpec($"dep-{workspace}", 0, 1_000) { Workspace = workspace }, CancellationToken.None);
            var (alert, _) = await monitors.AddAlertAsync(
                new Alert($"alert-{workspace}", monitor.Id, $"dep-{workspace}", 0, 1_000, AlertStatus.Firing, "{}", 1, null, AlertDelivery.None), CancellationToken.None);
            await signals.AddSignalAsync(new RetrainingSignal($"signal-{workspace}", monitor.Id, $"dep-{workspace}", alert.Id, "drift", 1), CancellationToken.None);
            ids[workspace] = monitor.Id;
        }

        var alerts = await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/alerts", WorkspaceFixture.Alice);
        Assert.Equal([ids["a"]], alerts["alerts"]!.AsArray().Select(a => a!["monitor_id"]!.GetValue<string>()));
        var raised = await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/retraining-signals", WorkspaceFixture.Bob);
        Assert.Equal([ids["b"]], raised["signals"]!.AsArray().Select(a => a!["monitor_id"]!.GetValue<string>()));
        var everything = await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/alerts", f.Admin);
        Assert.Equal(2, everything["alerts"]!.AsArray().Count);
    }

    [Fact]
    public async Task Bulk_metric_history_needs_every_named_run_readable()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        var runA = await f.CreateRunAsync(WorkspaceFixture.Alice, await f.CreateExperimentAsync(WorkspaceFixture.Alice, "a-exp"));
        var runB = await f.CreateRunAsync(WorkspaceFixture.Bob, await f.CreateExperimentAsync(WorkspaceFixture.Bob, "b-exp"));
        foreach (var (run, auth) in new[] { (runA, WorkspaceFixture.Alice), (runB, WorkspaceFixture.Bob) })
        {
            await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/log-metric", auth, $$"""{"run_id":"{{run}}","key":"loss","value":0.5,"timestamp":1,"step":0}""");
        }

        var path = "/api/2.0/mlflow/metrics/get-history-bulk-interval?metric_key=loss";
        var own = await f.OkAsync(HttpMethod.Get, $"{path}&run_ids={runA}", WorkspaceFixture.Alice);
        Assert.Single(own["metrics"]!.AsArray());
        var (status, body, _) = await f.SendAsync(HttpMethod.Get, $"{path}&run_ids={runA}&run_ids={runB}", WorkspaceFixture.Alice);
        Assert.Equal(403, status);
        Assert.Equal("PERMISSION_DENIED", body!["error_code"]!.GetValue<string>());
        Assert.Equal(404, (await f.SendAsync(HttpMethod.Get, $"{path}&run_ids={runA}&run_ids=nope", WorkspaceFixture.Alice)).Status);
        var both = await f.OkAsync(HttpMethod.Get, $"{path}&run_ids={runA}&run_ids={runB}", f.Admin);
        Assert.Equal(2, both["metrics"]!.AsArray().Count);
    }

    private static List<string> Ids(JsonNode page) =>
        page["models"]?.AsArray().Select(m => m!["info"]!["model_id"]!.GetValue<string>()).ToList() ?? [];

    private static async Task<JsonNode> RunAsync(WorkspaceFixture f, string name, string yaml)
    {
        await f.OkAsync(HttpMethod.Post, "/api/crucible/v1/pipelines?workspace=b", WorkspaceFixture.Bob, new JsonObject { ["yaml"] = yaml }.ToJsonString());
        var id = (await f.OkAsync(HttpMethod.Post, $"/api/crucible/v1/pipelines/{name}/runs", WorkspaceFixture.Bob, "{}"))["run"]!["run_id"]!.GetValue<string>();
        for (var i = 0; i < 600; i++)
        {
            var run = (await f.OkAsync(HttpMethod.Get, $"/api/crucible/v1/pipeline-runs/{id}", WorkspaceFixture.Bob))["run"]!;
            if (run["status"]!.GetValue<string>() is "succeeded" or "failed")
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"pipeline run {id} did not finish");
    }
}
