using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Security.Workspaces;

/// <summary>
/// MLflow's per-resource permission endpoints with MLflow's paths and shapes, and what a grant does: READ, EDIT and
/// MANAGE raise a user's role on one experiment or model above its workspace role; NO_PERMISSIONS takes it away.
/// </summary>
public sealed class ResourceGrantTests
{
    [Fact]
    public async Task Experiment_grants_raise_and_no_permissions_lowers_access_on_that_one_experiment()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        var experiment = await f.CreateExperimentAsync(WorkspaceFixture.Alice, "exp-a");
        var other = await f.CreateExperimentAsync(WorkspaceFixture.Alice, "exp-a2");
        var run = await f.CreateRunAsync(WorkspaceFixture.Alice, experiment);
        var tag = $$"""{"run_id":"{{run}}","key":"k","value":"v"}""";
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, $"/api/2.0/mlflow/runs/get?run_id={run}", WorkspaceFixture.Bob)).Status);

        // An editor may not grant (MANAGE is a maintainer's); the admin may. The answer is MLflow's object.
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/permissions/create", WorkspaceFixture.Alice, $$"""{"experiment_id":"{{experiment}}","username":"bob","permission":"READ"}""")).Status);
        var created = await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/permissions/create", f.Admin, $$"""{"experiment_id":"{{experiment}}","username":"bob","permission":"READ"}""");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$$"""{"experiment_permission":{"experiment_id":"{{{experiment}}}","user_id":"bob","permission":"READ"}}"""), created), created.ToJsonString());

        // READ: bob reads the experiment and its runs, not the other experiment, and may not write.
        await f.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/runs/get?run_id={run}", WorkspaceFixture.Bob);
        await f.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={experiment}", WorkspaceFixture.Bob);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={other}", WorkspaceFixture.Bob)).Status);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/set-tag", WorkspaceFixture.Bob, tag)).Status);

        // EDIT: bob writes; MANAGE: bob deletes the run and grants others.
        Assert.Empty(await f.OkAsync(HttpMethod.Patch, "/api/2.0/mlflow/experiments/permissions/update", f.Admin, $$"""{"experiment_id":"{{experiment}}","username":"bob","permission":"EDIT"}""") as JsonObject ?? []);
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/set-tag", WorkspaceFixture.Bob, tag);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/delete", WorkspaceFixture.Bob, $$"""{"run_id":"{{run}}"}""")).Status);
        await f.OkAsync(HttpMethod.Patch, "/api/2.0/mlflow/experiments/permissions/update", f.Admin, $$"""{"experiment_id":"{{experiment}}","username":"bob","permission":"MANAGE"}""");
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/permissions/create", WorkspaceFixture.Bob, $$"""{"experiment_id":"{{experiment}}","username":"vera","permission":"NO_PERMISSIONS"}""");
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/delete", WorkspaceFixture.Bob, $$"""{"run_id":"{{run}}"}""");

        // NO_PERMISSIONS: vera, a viewer of workspace a, no longer reads this experiment, still reads the other.
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={experiment}", WorkspaceFixture.Vera)).Status);
        await f.OkAsync(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={other}", WorkspaceFixture.Vera);

        // Deleting the grant takes bob back to his workspace role.
        Assert.Empty(await f.OkAsync(HttpMethod.Delete, "/api/2.0/mlflow/experiments/permissions/delete", f.Admin, $$"""{"experiment_id":"{{experiment}}","username":"bob"}""") as JsonObject ?? []);
        Assert.Equal(403, (await f.SendAsync(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get?experiment_id={experiment}", WorkspaceFixture.Bob)).Status);
    }

    [Fact]
    public async Task Permission_endpoints_have_mlflows_shapes_errors_and_ajax_paths()
    {
        await using var f = await WorkspaceFixture.StartAsync();
        var experiment = await f.CreateExperimentAsync(WorkspaceFixture.Alice, "exp-a");
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", WorkspaceFixture.Alice, """{"name":"model-a"}""");

        var model = await f.OkAsync(HttpMethod.Post, "/ajax-api/2.0/mlflow/registered-models/permissions/create", f.Admin, """{"name":"model-a","username":"bob","permission":"EDIT"}""");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"registered_model_permission":{"name":"model-a","user_id":"bob","permission":"EDIT"}}"""), model), model.ToJsonString());
        var got = await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/permissions/get?name=model-a&username=bob", f.Admin);
        Assert.True(JsonNode.DeepEquals(model, got), got.ToJsonString());
        await f.OkAsync(HttpMethod.Patch, "/api/2.0/mlflow/registered-models/update", WorkspaceFixture.Bob, """{"name":"model-a","description":"bob was here"}""");
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/permissions/create", f.Admin, $$"""{"experiment_id":"{{experiment}}","username":"bob","permission":"READ"}""");

        // users/get lists the grants in MLflow's user object (its 3.6 client needs all three lists).
        var user = (await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/users/get?username=bob", f.Admin))["user"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""[{"experiment_id":"{{experiment}}","user_id":"bob","permission":"READ"}]"""), user["experiment_permissions"]), user.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"name":"model-a","user_id":"bob","permission":"EDIT"}]"""), user["registered_model_permissions"]), user.ToJsonString());
        Assert.Empty(user["scorer_permissions"]!.AsArray());

        // Errors in MLflow's format: a second create, a bad permission, unknown grant, user and resource.
        var again = await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/permissions/create", f.Admin, """{"name":"model-a","username":"bob","permission":"READ"}""");
        Assert.Equal((400, "RESOURCE_ALREADY_EXISTS"), (again.Status, again.Body!["error_code"]!.GetValue<string>()));
        var bad = await f.SendAsync(HttpMethod.Patch, "/api/2.0/mlflow/registered-models/permissions/update", f.Admin, """{"name":"model-a","username":"bob","permission":"OWNER"}""");
        Assert.Equal((400, "INVALID_PARAMETER_VALUE"), (bad.Status, bad.Body!["error_code"]!.GetValue<string>()));
        var none = await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/permissions/get?name=model-a&username=vera", f.Admin);
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (none.Status, none.Body!["error_code"]!.GetValue<string>()));
        Assert.Equal(404, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/permissions/create", f.Admin, $$"""{"experiment_id":"{{experiment}}","username":"nobody","permission":"READ"}""")).Status);
        Assert.Equal(404, (await f.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/permissions/create", f.Admin, """{"experiment_id":"424242","username":"bob","permission":"READ"}""")).Status);
        var anonymous = await f.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/permissions/get?name=model-a&username=bob", null);
        Assert.Equal((401, "UNAUTHENTICATED"), (anonymous.Status, anonymous.Body!["error_code"]!.GetValue<string>()));

        // Renaming the model moves its grants; deleting it drops them.
        await f.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/rename", f.Admin, """{"name":"model-a","new_name":"model-a2"}""");
        await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/registered-models/permissions/get?name=model-a2&username=bob", f.Admin);
        await f.OkAsync(HttpMethod.Delete, "/api/2.0/mlflow/registered-models/delete", f.Admin, """{"name":"model-a2"}""");
        user = (await f.OkAsync(HttpMethod.Get, "/api/2.0/mlflow/users/get?username=bob", f.Admin))["user"]!;
        Assert.Empty(user["registered_model_permissions"]!.AsArray());
    }
}
