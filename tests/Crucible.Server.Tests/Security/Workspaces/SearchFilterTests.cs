using Crucible.Core.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Security.Workspaces;

/// <summary>
/// Searches and lists drop what the caller may not read instead of refusing, and pages stay full: MLflow's
/// experiment, run, registered-model and model-version searches, and the native lists of datasets, deployments,
/// monitors and pipelines.
/// </summary>
public sealed class SearchFilterTests
{
    [Fact]
    public async Task Experiment_and_run_searches_show_only_readable_items_in_full_pages()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        // Interleave: a1 b1 a2 b2 ... so every store page mixes both workspaces.
        var inA = new List<string>();
        var inB = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            inA.Add(await f.CreateExperimentAsync(WorkspaceFixture.Alice, $"a-{i}"));
            inB.Add(await f.CreateExperimentAsync(WorkspaceFixture.Bob, $"b-{i}"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = token is null ? "max_results=3" : $"max_results=3&page_token={Uri.EscapeDataString(token)}";
            var page = await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/search?" + query, WorkspaceFixture.Alice);
            var ids = page["experiments"]?.AsArray().Select(e => e!["experiment_id"]!.GetValue<string>()).ToList() ?? [];
            token = page["next_page_token"]?.GetValue<string>();
            if (token is not null)
            {
                Assert.Equal(3, ids.Count); // every page but the last is full of readable items
            }

            seen.AddRange(ids);
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(inA.Order(), seen.Order());
        var everything = await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/search?max_results=100", f.Admin);
        Assert.Equal(15, everything["experiments"]!.AsArray().Count); // 14 + the Default experiment, for the admin

        // Runs: only those of readable experiments, even when the request names the others.
        var runA = await f.CreateRunAsync(WorkspaceFixture.Alice, inA[0]);
        await f.CreateRunAsync(WorkspaceFixture.Bob, inB[0]);
        var runs = await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/search", WorkspaceFixture.Alice, $$"""{"experiment_ids":["{{inA[0]}}","{{inB[0]}}"]}""");
        Assert.Equal([runA], runs["runs"]!.AsArray().Select(r => r!["info"]!["run_id"]!.GetValue<string>()));
        var none = await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/search", WorkspaceFixture.Alice, $$"""{"experiment_ids":["{{inB[0]}}"]}""");
        Assert.Null(none["runs"]);
    }

    [Fact]
    public async Task Model_and_version_searches_and_native_lists_show_only_readable_items()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", WorkspaceFixture.Alice, $$"""{"name":"a-{{i}}"}""");
            await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", WorkspaceFixture.Bob, $$"""{"name":"b-{{i}}"}""");
        }

        var experiment = await f.CreateExperimentAsync(WorkspaceFixture.Bob, "b-exp");
        var run = await f.CreateRunAsync(WorkspaceFixture.Bob, experiment);
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/model-versions/create", WorkspaceFixture.Bob, $$"""{"name":"b-0","source":"runs:/{{run}}/model","run_id":"{{run}}"}""");
        var experimentA = await f.CreateExperimentAsync(WorkspaceFixture.Alice, "a-exp");
        var runA = await f.CreateRunAsync(WorkspaceFixture.Alice, experimentA);
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/model-versions/create", WorkspaceFixture.Alice, $$"""{"name":"a-0","source":"runs:/{{runA}}/model","run_id":"{{runA}}"}""");

        var models = await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/search?max_results=2", WorkspaceFixture.Alice);
        Assert.Equal(["a-0", "a-1"], models["registered_models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        var rest = await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/search?max_results=10&page_token=" + Uri.EscapeDataString(models["next_page_token"]!.GetValue<string>()), WorkspaceFixture.Alice);
        Assert.Equal(["a-2", "a-3"], rest["registered_models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));

        // MLflow leaves model-version search unfiltered; here bob's version does not show to alice.
        var versions = await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/model-versions/search", WorkspaceFixture.Alice);
        Assert.Equal(["a-0"], versions["model_versions"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()));
        Assert.Equal(2, (await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/model-versions/search", f.Admin))["model_versions"]!.AsArray().Count);

        // A grant opens one more model to the search.
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/permissions/create", f.Admin, """{"name":"b-1","username":"alice","permission":"READ"}""");
        var granted = await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/search?max_results=100", WorkspaceFixture.Alice);
        Assert.Equal(["a-0", "a-1", "a-2", "a-3", "b-1"], granted["registered_models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));

        // Native lists.
        await f.OkAsync(HttpMethod.Post, "/api/crucible/v1/datasets/data-a/versions?format=csv", WorkspaceFixture.Alice, "x\n1\n");
        await f.OkAsync(HttpMethod.Post, "/api/crucible/v1/datasets/data-b/versions?format=csv", WorkspaceFixture.Bob, "x\n2\n");
        Assert.Equal(["data-a"], (await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets", WorkspaceFixture.Alice))["datasets"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
        var deployments = f.Server.App.Services.GetRequiredService<IDeploymentStore>();
        foreach (var (name, workspace) in new[] { ("dep-a", "a"), ("dep-b", "b") })
        {
            await deployments.CreateDeploymentAsync(new DeploymentSpec(name, [new DeploymentRoute(ModelReference.ToVersion("a-0", "1"), 1)], null, BatchingSettings.Off) { Workspace = workspace }, default);
        }

        Assert.Equal(["dep-b"], (await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments", WorkspaceFixture.Bob))["deployments"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
        Assert.Equal(2, (await f.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments", f.Admin))["deployments"]!.AsArray().Count);
    }
}
