using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Core.Security;

namespace Crucible.Server.Tests.Security;

/// <summary>One caller of the role matrix: the credentials it sends (none for anonymous) and who the server must take it for.</summary>
public sealed record TestCaller(string Key, AuthenticationHeaderValue? Authorization, Caller Expected)
{
    public override string ToString() => Key;
}

/// <summary>
/// Real principals for authorization tests, created once per server through the accounts API with the first-start
/// admin token, each checked against <c>whoami</c> before any test uses it: a viewer user signing in with HTTP Basic
/// (MLflow's <c>MLFLOW_TRACKING_USERNAME</c>/<c>PASSWORD</c>), an editor service account with its token, maintainer
/// and admin users with personal tokens, a serving-only token for one deployment, and a token of an admin whose only
/// role is in another workspace. Requests go through the server's real authentication; nothing in the server knows
/// it is under test. Create it once per class fixture and reuse it: tokens are cached by the server, so calls stay fast.
/// </summary>
public sealed class TestPrincipals : IDisposable
{
    /// <summary>The workspace the <c>other-workspace</c> caller holds its admin role in (and nothing else).</summary>
    public const string OtherWorkspace = "elsewhere";

    private const string Root = "/api/crucible/v1";

    private readonly Dictionary<string, TestCaller> _callers;

    private TestPrincipals(HttpClient http, Dictionary<string, TestCaller> callers)
    {
        Http = http;
        _callers = callers;
    }

    /// <summary>The matrix's callers by key, in a stable order: anonymous, viewer, editor, maintainer, admin, serving, other-workspace.</summary>
    public IReadOnlyList<TestCaller> All => [.. _callers.Values];

    /// <summary>A client that sends no credentials of its own and keeps no cookies: every request names its caller.</summary>
    public HttpClient Http { get; }

    public TestCaller Anonymous => this["anonymous"];

    public TestCaller Viewer => this["viewer"];

    public TestCaller Editor => this["editor"];

    public TestCaller Maintainer => this["maintainer"];

    public TestCaller Admin => this["admin"];

    public TestCaller Serving => this["serving"];

    public TestCaller OtherWorkspaceAdmin => this["other-workspace"];

    public TestCaller this[string key] => _callers[key];

    /// <summary>The caller of <paramref name="role"/> (viewer, editor, maintainer or admin).</summary>
    public TestCaller For(Role role) => role switch
    {
        Role.Viewer => Viewer,
        Role.Editor => Editor,
        Role.Maintainer => Maintainer,
        Role.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "no caller holds this role"),
    };

    /// <summary>
    /// Creates the principals on the server at <paramref name="address"/> with <paramref name="adminToken"/> (the
    /// first-start admin's); the serving-only token is for <paramref name="servingDeployment"/>, which need not exist yet.
    /// </summary>
    public static async Task<TestPrincipals> CreateAsync(Uri address, string adminToken, string servingDeployment)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrEmpty(adminToken);
        var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = address };
        try
        {
            var admin = Bearer(adminToken);
            async Task<string> TokenAsync(string owner, string? workspace = null, string? serving = null)
            {
                var body = new JsonObject { ["name"] = "matrix-" + owner, ["owner"] = owner };
                if (workspace is not null)
                {
                    body["workspace"] = workspace;
                }

                if (serving is not null)
                {
                    body["serving_deployment"] = serving;
                }

                return (string)(await PostAsync(http, admin, HttpMethod.Post, Root + "/tokens", body))["secret"]!;
            }

            Task UserAsync(string name, string password, string role) =>
                PostAsync(http, admin, HttpMethod.Post, Root + "/users", new JsonObject { ["name"] = name, ["password"] = password, ["role"] = role });
            Task ServiceAccountAsync(string name, string role) =>
                PostAsync(http, admin, HttpMethod.Post, Root + "/service-accounts", new JsonObject { ["name"] = name, ["role"] = role, ["description"] = "role matrix" });

            const string VeraPassword = "vera-correct-horse-battery";
            await UserAsync("vera", VeraPassword, "viewer");
            await ServiceAccountAsync("eddie", "editor");
            await UserAsync("mae", "mae-correct-horse-battery", "maintainer");
            await UserAsync("ada", "ada-correct-horse-battery", "admin");
            await ServiceAccountAsync("scorer", "viewer");
            await UserAsync("oscar", "oscar-correct-horse-battery", "viewer");
            await PostAsync(http, admin, HttpMethod.Put, $"{Root}/principals/oscar/roles/{OtherWorkspace}", new JsonObject { ["role"] = "admin" });
            await PostAsync(http, admin, HttpMethod.Put, $"{Root}/principals/oscar/roles/{Caller.DefaultWorkspace}", new JsonObject { ["role"] = "none" });

            var eddie = await TokenAsync("eddie");
            var mae = await TokenAsync("mae");
            var ada = await TokenAsync("ada");
            var scorer = await TokenAsync("scorer", serving: servingDeployment);
            var oscar = await TokenAsync("oscar", workspace: OtherWorkspace);
            var callers = new[]
            {
                new TestCaller("anonymous", null, Caller.Anonymous),
                new TestCaller("viewer", Basic("vera", VeraPassword), new(CallerKind.User, "vera", Role.Viewer)),
                new TestCaller("editor", Bearer(eddie), new(CallerKind.ServiceAccount, "eddie", Role.Editor)),
                new TestCaller("maintainer", Bearer(mae), new(CallerKind.User, "mae", Role.Maintainer)),
                new TestCaller("admin", Bearer(ada), new(CallerKind.User, "ada", Role.Admin)),
                new TestCaller("serving", Bearer(scorer), new(CallerKind.ServingToken, "scorer", Role.Viewer, ServingDeployment: servingDeployment)),
                new TestCaller("other-workspace", Bearer(oscar), new(CallerKind.User, "oscar", Role.Admin, Workspace: OtherWorkspace)),
            };
            var principals = new TestPrincipals(http, callers.ToDictionary(c => c.Key));
            foreach (var caller in callers)
            {
                await principals.CheckAsync(caller);
            }

            return principals;
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Puts <paramref name="caller"/>'s credentials on <paramref name="request"/> (none for anonymous).</summary>
    public static HttpRequestMessage As(HttpRequestMessage request, TestCaller caller)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(caller);
        request.Headers.Authorization = caller.Authorization;
        return request;
    }

    /// <summary>Sends <paramref name="json"/> (none when null) as <paramref name="caller"/>; returns the status and the parsed body (null when empty or not JSON).</summary>
    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? json, TestCaller caller)
    {
        using var request = As(new HttpRequestMessage(method, path), caller);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, Parse(await response.Content.ReadAsStringAsync()));
    }

    public void Dispose() => Http.Dispose();

    /// <summary>The server takes <paramref name="caller"/> for who it is meant to be, or the fixture fails here rather than in every test.</summary>
    private async Task CheckAsync(TestCaller caller)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, Root + "/auth/whoami", null, caller);
        var expected = caller.Expected;
        var seen = body is null ? "nothing" : body.ToJsonString();
        Assert.True(status == 200, $"whoami as {caller.Key} answered {status}: {seen}");
        Assert.True(
            (bool)body!["authenticated"]! == expected.IsAuthenticated
            && (string?)body["name"] == expected.Name
            && (string?)body["kind"] == expected.Kind.ToString().ToLowerInvariant()
            && (string?)body["role"] == expected.Role.ToString().ToLowerInvariant()
            && (string?)body["workspace"] == expected.Workspace
            && (string?)body["serving_deployment"] == expected.ServingDeployment,
            $"the server takes {caller.Key} for {seen}, not {expected}");
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, AuthenticationHeaderValue auth, HttpMethod method, string path, JsonNode body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = auth;
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return Parse(text)!;
    }

    private static JsonNode? Parse(string text)
    {
        try
        {
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
