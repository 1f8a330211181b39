using Crucible.Core.Security;
using Crucible.Core.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Security.Workspaces;

/// <summary>
/// Resources belong to the workspace they were created in, and a role counts only in its workspace: an editor of
/// workspace b gets 403 PERMISSION_DENIED in each family's format for workspace a's experiment, run, model, dataset
/// and deployment (a missing one stays 404), a viewer of a gets 403 for a change it may not make, and nothing changes.
/// </summary>
public sealed class WorkspaceIsolationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_editor_of_another_workspace_is_refused_on_tracking_resources_and_a_missing_id_stays_404(bool postgres)
    {
        await using var f = await WorkspaceFixture.StartAsync(postgres);
        var experiment = await f.CreateExperimentAsync(WorkspaceFixture.Alice, "exp-a");
        var run = await f.CreateRunAsync(WorkspaceFixture.Alice, experiment);
        Assert.Equal("a", (await f.Server.App.Services.GetRequiredService<IWorkspaceStore>().LocateAsync(ResourceKind.Experiment, experiment, default))!.Workspace);

        // Alice (editor of a) works normally.
        await f.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={experiment}", WorkspaceFixture.Alice);
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/log-metric", WorkspaceFixture.Alice, $$"""{"run_id":"{{run}}","key":"loss","value":1,"timestamp":1,"step":0}""");

        // Bob (editor of b): 403 in MLflow's format; an id that does not exist is still the handler's 404.
        var hidden = await f.SendAsync(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={experiment}", WorkspaceFixture.Bob);
        var missing = await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get?experiment_id=987654", WorkspaceFixture.Bob);
        Assert.Equal((403, "PERMISSION_DENIED"), (hidden.Status, hidden.Body!["error_code"]!.GetValue<string>()));
        Assert.Contains("workspace 'a'", hidden.Body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (missing.Status, missing.Body!["error_code"]!.GetValue<string>()));
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=exp-a", WorkspaceFixture.Bob)).Status);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/log-metric", WorkspaceFixture.Bob, $$"""{"run_id":"{{run}}","key":"loss","value":9,"timestamp":2,"step":1}""")).Status);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/delete", WorkspaceFixture.Bob, $$"""{"experiment_id":"{{experiment}}"}""")).Status);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/create", WorkspaceFixture.Bob, $$"""{"experiment_id":"{{experiment}}"}""")).Status);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, $"/api/2.0/mlflow-artifacts/artifacts/{experiment}/{run}/artifacts", WorkspaceFixture.Bob)).Status);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow-artifacts/artifacts", WorkspaceFixture.Bob)).Status); // the root belongs to default

        // Nothing changed: the metric has the one value alice logged.
        var history = await f.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/metrics/get-history?run_id={run}&metric_key=loss", WorkspaceFixture.Alice);
        Assert.Single(history["metrics"]!.AsArray());

        // Vera (viewer of a) reads but may not change: 403, not 404 (she can see it exists).
        await f.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/runs/get?run_id={run}", WorkspaceFixture.Vera);
        var denied = await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/log-metric", WorkspaceFixture.Vera, $$"""{"run_id":"{{run}}","key":"loss","value":9,"timestamp":2,"step":1}""");
        Assert.Equal((403, "PERMISSION_DENIED"), (denied.Status, denied.Body!["error_code"]!.GetValue<string>()));

        // The admin of the server reads everything.
        await f.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/runs/get?run_id={run}", f.Admin);
    }

    [Fact]
    public async Task Models_datasets_and_deployments_of_another_workspace_are_refused_in_their_families_format()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", WorkspaceFixture.Alice, """{"name":"model-a"}""");
        await f.OkAsync(HttpMethod.Post, "/api/crucible/v1/datasets/data-a/versions?format=csv", WorkspaceFixture.Alice, "x,y\n1,2\n");
        var deployments = f.Server.App.Services.GetRequiredService<IDeploymentStore>();
        await deployments.CreateDeploymentAsync(
            new DeploymentSpec("dep-a", [new DeploymentRoute(ModelReference.ToVersion("model-a", "1"), 1)], null, BatchingSettings.Off) { Workspace = "a" }, default);

        // Registry (MLflow format).
        await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/get?name=model-a", WorkspaceFixture.Alice);
        var model = await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/get?name=model-a", WorkspaceFixture.Bob);
        Assert.Equal((403, "PERMISSION_DENIED"), (model.Status, model.Body!["error_code"]!.GetValue<string>()));
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/rename", WorkspaceFixture.Bob, """{"name":"model-a","new_name":"mine"}""")).Status);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/model-versions/create", WorkspaceFixture.Bob, """{"name":"model-a","source":"runs:/x/model"}""")).Status);
        Assert.Equal(404, (await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/get?name=no-such-model", WorkspaceFixture.Bob)).Status);
        // Bob creates his own model in b; alice may not read it.
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", WorkspaceFixture.Bob, """{"name":"model-b"}""");
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/get?name=model-b", WorkspaceFixture.Alice)).Status);

        // Datasets (ProblemDetails).
        await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/data-a/versions", WorkspaceFixture.Alice);
        var dataset = await f.SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/data-a/versions", WorkspaceFixture.Bob);
        Assert.Equal((403, "PERMISSION_DENIED"), (dataset.Status, dataset.Body!["errorCode"]!.GetValue<string>()));
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/crucible/v1/datasets/data-a/versions?format=csv", WorkspaceFixture.Bob, "x,y\n3,4\n")).Status);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow-artifacts/artifacts/datasets/data-a", WorkspaceFixture.Bob)).Status);
        Assert.Single((await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/data-a/versions", WorkspaceFixture.Alice))["versions"]!.AsArray());

        // Deployments (ProblemDetails), and a viewer of a may read but not delete it.
        var deployment = await f.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments/dep-a", WorkspaceFixture.Bob);
        Assert.Equal((403, "PERMISSION_DENIED"), (deployment.Status, deployment.Body!["errorCode"]!.GetValue<string>()));
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Delete, "/api/crucible/v1/deployments/dep-a", WorkspaceFixture.Bob)).Status);
        Assert.NotEqual(404, (await f.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments/dep-a", WorkspaceFixture.Vera)).Status);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Delete, "/api/crucible/v1/deployments/dep-a", WorkspaceFixture.Vera)).Status);
        var infer = await f.SendAsync(HttpMethod.Post, "/v2/models/dep-a/infer", WorkspaceFixture.Bob, """{"inputs":[]}""");
        Assert.Equal(403, infer.Status);
        Assert.NotNull(infer.Body!["error"]); // the Open Inference Protocol's format
    }

    [Fact]
    public async Task Resources_are_created_in_the_callers_workspace_or_the_one_the_request_names()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        var store = f.Server.App.Services.GetRequiredService<IWorkspaceStore>();

        // A token acts in its own workspace; the admin names another with "workspace".
        var (_, token) = await f.Server.CreateTokenAsync(WorkspaceFixture.Alice, """{"name":"ci","workspace":"a","role":"editor"}""");
        var byToken = await f.CreateExperimentAsync(AuthServer.Bearer(token), "by-token");
        var byAdmin = await f.CreateExperimentAsync(f.Admin, "by-admin");
        var intoB = await f.CreateExperimentAsync(f.Admin, "into-b", workspace: "b");
        Assert.Equal(["a", "default", "b"], new[]
        {
            (await store.LocateAsync(ResourceKind.Experiment, byToken, default))!.Workspace,
            (await store.LocateAsync(ResourceKind.Experiment, byAdmin, default))!.Workspace,
            (await store.LocateAsync(ResourceKind.Experiment, intoB, default))!.Workspace,
        });

        // Naming a workspace one holds no role in is refused (403), an unknown one is 404; a token of a is no key to b.
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", WorkspaceFixture.Alice, """{"name":"sneaky","workspace":"b"}""")).Status);
        Assert.Equal(404, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", f.Admin, """{"name":"nowhere","workspace":"zzz"}""")).Status);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={intoB}", AuthServer.Bearer(token))).Status);
        Assert.Equal(200, (await f.SendAsync(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={intoB}", WorkspaceFixture.Bob)).Status);
    }

    [Fact]
    public async Task Workspaces_are_created_by_admins_and_listed_per_caller()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        var all = await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/workspaces", f.Admin);
        Assert.Equal(["a", "b", "default"], all["workspaces"]!.AsArray().Select(w => w!["name"]!.GetValue<string>()));
        Assert.Equal("team A", all["workspaces"]![0]!["description"]!.GetValue<string>());
        var mine = await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/workspaces", WorkspaceFixture.Alice);
        Assert.Equal(["a"], mine["workspaces"]!.AsArray().Select(w => w!["name"]!.GetValue<string>()));
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/crucible/v1/workspaces", WorkspaceFixture.Alice, """{"name":"c"}""")).Status);
        Assert.Equal(400, (await f.SendAsync(HttpMethod.Post, "/api/crucible/v1/workspaces", f.Admin, """{"name":"a"}""")).Status);
        // Binding a role in a new workspace creates it.
        await f.OkAsync(HttpMethod.Put, "/api/crucible/v1/principals/alice/roles/c", f.Admin, """{"role":"viewer"}""");
        Assert.Contains("c", (await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/workspaces", f.Admin))["workspaces"]!.AsArray().Select(w => w!["name"]!.GetValue<string>()));
    }
}
