using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Security.Workspaces;

/// <summary>
/// A real auth-on server with two workspaces: alice is an editor of workspace <c>a</c> only, bob an editor of <c>b</c>
/// only, vera a viewer of <c>a</c>, all through the API with real credentials (HTTP Basic, and tokens where a test
/// says so).
/// </summary>
public sealed class WorkspaceFixture : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private WorkspaceFixture(AuthServer server) => Server = server;

    public AuthServer Server { get; }

    public AuthenticationHeaderValue Admin => AuthServer.Bearer(Server.AdminToken);

    public static AuthenticationHeaderValue Alice => AuthServer.Basic("alice", Password);

    public static AuthenticationHeaderValue Bob => AuthServer.Basic("bob", Password);

    public static AuthenticationHeaderValue Vera => AuthServer.Basic("vera", Password);

    public static async Task<WorkspaceFixture> StartAsync(bool postgres = false)
    {
        var fixture = new WorkspaceFixture(await AuthServer.StartAsync(postgres: postgres));
        await fixture.OkAsync(HttpMethod.Post, "/api/crucible/v1/workspaces", fixture.Admin, """{"name":"a","description":"team A"}""");
        await fixture.OkAsync(HttpMethod.Post, "/api/crucible/v1/workspaces", fixture.Admin, """{"name":"b"}""");
        foreach (var (user, workspace, role) in new[] { ("alice", "a", "editor"), ("bob", "b", "editor"), ("vera", "a", "viewer") })
        {
            await fixture.Server.CreateUserAsync(user, Password, "viewer");
            await fixture.OkAsync(HttpMethod.Put, $"/api/crucible/v1/principals/{user}/roles/default", fixture.Admin, """{"role":"none"}""");
            await fixture.OkAsync(HttpMethod.Put, $"/api/crucible/v1/principals/{user}/roles/{workspace}", fixture.Admin, $$"""{"role":"{{role}}"}""");
        }

        return fixture;
    }

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, AuthenticationHeaderValue? auth, string? json = null) =>
        Server.SendAsync(method, path, auth, json);

    /// <summary>Sends and asserts 200, returning the body.</summary>
    public async Task<JsonNode> OkAsync(HttpMethod method, string path, AuthenticationHeaderValue? auth, string? json = null)
    {
        var (status, body, _) = await Server.SendAsync(method, path, auth, json);
        Assert.True(status == 200, $"{method} {path} answered {status}: {body?.ToJsonString()}");
        return body ?? new JsonObject();
    }

    public async Task<string> CreateExperimentAsync(AuthenticationHeaderValue auth, string name, string? workspace = null)
    {
        var json = workspace is null ? $$"""{"name":"{{name}}"}""" : $$"""{"name":"{{name}}","workspace":"{{workspace}}"}""";
        return (await OkAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", auth, json))["experiment_id"]!.GetValue<string>();
    }

    public async Task<string> CreateRunAsync(AuthenticationHeaderValue auth, string experimentId) =>
        (await OkAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/create", auth, $$"""{"experiment_id":"{{experimentId}}"}"""))["run"]!["info"]!["run_id"]!.GetValue<string>();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
