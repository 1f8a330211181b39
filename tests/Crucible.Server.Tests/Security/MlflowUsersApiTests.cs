namespace Crucible.Server.Tests.Security;

/// <summary>
/// MLflow's auth users API as its documentation (docs/source/auth/rest-api.rst) and its 3.6 client expect: a user
/// object always carries experiment_permissions, registered_model_permissions and scorer_permissions; updates and
/// deletes answer 200 with a JSON object, never 204; 401/403 read as UNAUTHENTICATED/PERMISSION_DENIED.
/// </summary>
public sealed class MlflowUsersApiTests : IAsyncLifetime
{
    private AuthServer _server = null!;

    public async Task InitializeAsync() => _server = await AuthServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Users_are_created_read_promoted_given_a_new_password_and_deleted_with_mlflow_shapes()
    {
        var admin = AuthServer.Bearer(_server.AdminToken);
        var created = await _server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/users/create", admin, """{"username":"frank","password":"frank-password"}""");
        Assert.Equal(200, created.Status);
        var user = created.Body!["user"]!;
        Assert.Equal(("frank", false), (user["username"]!.GetValue<string>(), user["is_admin"]!.GetValue<bool>()));
        foreach (var list in new[] { "experiment_permissions", "registered_model_permissions", "scorer_permissions" })
        {
            Assert.Empty(user[list]!.AsArray());
        }

        var promoted = await _server.SendAsync(HttpMethod.Patch, "/api/2.0/mlflow/users/update-admin", admin, """{"username":"frank","is_admin":true}""");
        Assert.Equal(200, promoted.Status);
        Assert.NotNull(promoted.Body);
        var read = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/users/get?username=frank", AuthServer.Basic("frank", "frank-password"));
        Assert.True(read.Body!["user"]!["is_admin"]!.GetValue<bool>());

        Assert.Equal(200, (await _server.SendAsync(HttpMethod.Patch, "/api/2.0/mlflow/users/update-password", admin, """{"username":"frank","password":"frank-password-2"}""")).Status);
        Assert.Equal(401, (await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/users/get?username=frank", AuthServer.Basic("frank", "frank-password"))).Status);

        var anonymous = await _server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/users/create", null, """{"username":"x","password":"xxxxxxxxx"}""");
        Assert.Equal((401, "UNAUTHENTICATED"), (anonymous.Status, anonymous.Body!["error_code"]!.GetValue<string>()));
        await _server.CreateUserAsync("gina", "gina-password", "editor");
        var denied = await _server.SendAsync(HttpMethod.Delete, "/api/2.0/mlflow/users/delete", AuthServer.Basic("gina", "gina-password"), """{"username":"frank"}""");
        Assert.Equal((403, "PERMISSION_DENIED"), (denied.Status, denied.Body!["error_code"]!.GetValue<string>()));

        var deleted = await _server.SendAsync(HttpMethod.Delete, "/api/2.0/mlflow/users/delete", admin, """{"username":"frank"}""");
        Assert.Equal(200, deleted.Status);
        var missing = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/users/get?username=frank", admin);
        Assert.Equal((404, "RESOURCE_DOES_NOT_EXIST"), (missing.Status, missing.Body!["error_code"]!.GetValue<string>()));
    }
}
