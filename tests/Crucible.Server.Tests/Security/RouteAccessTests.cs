using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crucible.Core.Security;
using Crucible.Server.Hosting;
using Crucible.Server.Security;
using Crucible.Server.Tests.Serving;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Security;

/// <summary>
/// The route walk of issue 15 over the server's own endpoint table (a new route is walked without anyone listing
/// it): every route declares an access policy, only health, readiness, version and the API description are public,
/// nothing that changes state is open to a viewer, and the role matrix (anonymous, viewer, editor, maintainer,
/// admin, a serving-only token for one deployment, an admin of another workspace: real principals and credentials,
/// <see cref="TestPrincipals"/>) is refused exactly where the route's policy says. A call that is not refused may still
/// be a 4xx for its (deliberately empty) input.
/// </summary>
[Collection(nameof(RouteAccessTests))]
public sealed partial class RouteAccessTests(RouteAccessTests.Server fixture) : IClassFixture<RouteAccessTests.Server>
{
    private const string Served = "servedep";

    /// <summary>The routes anyone may call, by method and template; anything else public is a mistake.</summary>
    private static readonly HashSet<string> PublicRoutes =
    [
        "GET /health", "GET /version", "GET /openapi/v1.json", "GET /api-reference/{documentName?}",
        "GET /api-reference/scalar.js", "GET /api-reference/scalar.aspnetcore.js", "GET /api-reference/favicon.svg",
        "GET /v2/health/live", "GET /v2/health/ready", "GET /deployments/{name}/ping",
        "GET /login", "POST /api/crucible/v1/auth/login", "GET /api/crucible/v1/auth/whoami",
        "GET /", "GET /ui/{version}/{**path}",
    ];

    /// <summary>
    /// State-changing routes any signed-in caller may call, each about the caller's own session or tokens (the handler
    /// keeps a token within its owner's role and lets only admins act for another principal).
    /// </summary>
    private static readonly HashSet<string> SelfServiceRoutes =
    [
        "POST /api/crucible/v1/auth/login", "POST /api/crucible/v1/auth/logout", "POST /api/crucible/v1/tokens", "DELETE /api/crucible/v1/tokens/{id}",
        "POST /api/crucible/v1/users/{name}/password",
    ];

    /// <summary>Self-service routes whose handler also refuses a non-admin acting on another principal (the walk's {name}).</summary>
    private static readonly HashSet<string> OwnerCheckedRoutes = ["POST /api/crucible/v1/users/{name}/password"];

    private ServingServer Serving => fixture.Serving;

    private TestPrincipals Callers => fixture.Callers;

    [Fact]
    public void Every_route_declares_an_access_policy()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 100, $"only {routes.Count} routes found");
        var missing = routes.Where(r => r.Policy is null).Select(r => r.ToString()).ToList();
        Assert.True(missing.Count == 0, "routes without an access policy:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Only_health_readiness_version_and_the_api_description_are_public()
    {
        var open = Routes().Where(r => r.Access.Kind == AccessKind.Public).Select(r => $"{r.Method} {r.Template}").ToHashSet();
        var unexpected = open.Except(PublicRoutes).ToList();
        Assert.True(unexpected.Count == 0, "public routes not on the list:\n" + string.Join("\n", unexpected));
        Assert.Contains("GET /health", open);
        Assert.Contains("GET /v2/health/ready", open);
    }

    [Fact]
    public void Nothing_that_changes_state_is_open_to_a_viewer()
    {
        var open = Routes()
            .Where(r => !r.ReadsOnly && r.Method is not ("GET" or "HEAD") && (r.Access.Kind != AccessKind.Role || r.Access.Role < Role.Editor))
            .Where(r => !SelfServiceRoutes.Contains($"{r.Method} {r.Template}"))
            .Select(r => r.ToString())
            .ToList();
        Assert.True(open.Count == 0, "state-changing routes a viewer may call:\n" + string.Join("\n", open));
    }

    [Theory]
    [InlineData("POST", "/api/2.0/mlflow/runs/log-metric", Role.Editor)]
    [InlineData("POST", "/api/2.0/mlflow/runs/search", Role.Viewer)]
    [InlineData("POST", "/api/2.0/mlflow/experiments/create", Role.Editor)]
    [InlineData("POST", "/api/2.0/mlflow/experiments/delete", Role.Maintainer)]
    [InlineData("POST", "/api/2.0/mlflow/runs/delete", Role.Maintainer)]
    [InlineData("POST", "/api/2.0/mlflow/runs/delete-tag", Role.Editor)]
    [InlineData("GET", "/api/2.0/mlflow/registered-models/alias", Role.Viewer)]
    [InlineData("POST", "/api/2.0/mlflow/registered-models/alias", Role.Maintainer)]
    [InlineData("DELETE", "/api/2.0/mlflow/registered-models/alias", Role.Maintainer)]
    [InlineData("DELETE", "/api/2.0/mlflow/registered-models/delete-tag", Role.Editor)]
    [InlineData("DELETE", "/api/2.0/mlflow/registered-models/delete", Role.Maintainer)]
    [InlineData("POST", "/api/2.0/mlflow/model-versions/create", Role.Editor)]
    [InlineData("POST", "/api/2.0/mlflow/model-versions/transition-stage", Role.Maintainer)]
    [InlineData("POST", "/ajax-api/2.0/mlflow/model-versions/search", Role.Viewer)]
    [InlineData("PUT", "/api/2.0/mlflow-artifacts/artifacts/{**path}", Role.Editor)]
    [InlineData("DELETE", "/api/2.0/mlflow-artifacts/artifacts/{**path}", Role.Maintainer)]
    [InlineData("POST", "/api/crucible/v1/datasets/{name}/versions", Role.Editor)]
    [InlineData("DELETE", "/api/crucible/v1/datasets/{name}", Role.Maintainer)]
    [InlineData("POST", "/api/crucible/v1/models/{name}/versions/{version}/evaluations", Role.Editor)]
    [InlineData("POST", "/api/crucible/v1/deployments", Role.Maintainer)]
    [InlineData("PUT", "/api/crucible/v1/deployments/{name}", Role.Maintainer)]
    [InlineData("POST", "/api/crucible/v1/monitors", Role.Maintainer)]
    [InlineData("POST", "/api/crucible/v1/deployments/{name}/labels", Role.Editor)]
    [InlineData("PUT", "/api/crucible/v1/deployments/{name}/retention", Role.Maintainer)]
    [InlineData("POST", "/api/crucible/v1/pipelines", Role.Maintainer)]
    [InlineData("POST", "/api/crucible/v1/pipelines/validate", Role.Viewer)]
    [InlineData("POST", "/api/crucible/v1/pipelines/{name}/runs", Role.Maintainer)]
    [InlineData("GET", "/metrics", Role.Viewer)]
    public void The_policy_table_gives_each_operation_its_role(string method, string template, Role role)
    {
        var route = Assert.Single(Routes(), r => r.Method == method && r.Template == template);
        Assert.Equal(AccessKind.Role, route.Access.Kind);
        Assert.Equal(role, route.Access.Role);
    }

    [Theory]
    [InlineData("POST", "/v2/models/{name}/infer")]
    [InlineData("POST", "/v2/models/{name}/versions/{version}/infer")]
    [InlineData("POST", "/deployments/{name}/invocations")]
    [InlineData("GET", "/v2/models/{name}")]
    public void Inference_takes_a_viewer_or_the_serving_token(string method, string template)
    {
        var route = Assert.Single(Routes(), r => r.Method == method && r.Template == template);
        Assert.Equal(AccessKind.Inference, route.Access.Kind);
    }

    [Fact]
    public async Task Every_route_refuses_exactly_the_callers_its_policy_refuses()
    {
        var routes = Routes();
        var callers = Callers.All;
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var calls = 0;
        await Parallel.ForEachAsync(routes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (route, _) =>
        {
            foreach (var caller in callers)
            {
                var name = caller.Key;
                if (route.Access.Workspace && caller.Expected.Workspace != Caller.DefaultWorkspace)
                {
                    continue; // acts in its own workspace now; refusals on another workspace's resources: Security/Workspaces tests
                }

                var expected = Refused(route, caller.Expected);
                var (status, challenge, body) = await CallAsync(route, caller);
                Interlocked.Increment(ref calls);
                var refused = status is 401 or 403;
                if (!expected.Refused && refused && status == 403 && OwnerCheckedRoutes.Contains($"{route.Method} {route.Template}") && !(caller.Expected.Has(Role.Admin) && caller.Expected.Workspace == Caller.DefaultWorkspace))
                {
                    refused = false; // the policy let it through; the handler refused another principal's password
                }

                if (refused != expected.Refused || (expected.Refused && status != expected.Status))
                {
                    failures.Add($"{route} as {name}: expected {(expected.Refused ? expected.Status.ToString() : "not refused")}, got {status} {body}");
                }

                if (status == 401 && challenge != AuthorizationGuard.Challenge)
                {
                    failures.Add($"{route} as {name}: 401 without the challenge (WWW-Authenticate: '{challenge}')");
                }
            }
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} wrong answers of {calls}:\n" + string.Join("\n", failures.Order().Take(60)));
    }

    [Fact]
    public async Task Refusals_are_in_each_family_format()
    {
        var viewer = Callers.Viewer;
        var (mlflowStatus, mlflow) = await Callers.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"x"}""", Callers.Anonymous);
        Assert.Equal(401, mlflowStatus);
        Assert.Equal("UNAUTHENTICATED", (string)mlflow!["error_code"]!);
        (mlflowStatus, mlflow) = await Callers.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"x"}""", viewer);
        Assert.Equal(403, mlflowStatus);
        Assert.Equal("PERMISSION_DENIED", (string)mlflow!["error_code"]!);
        var (nativeStatus, native) = await Callers.SendAsync(HttpMethod.Post, "/api/crucible/v1/monitors", """{"deployment":"x"}""", viewer);
        Assert.Equal(403, nativeStatus);
        Assert.Equal("PERMISSION_DENIED", (string)native!["errorCode"]!);
        var (oipStatus, oip) = await Callers.SendAsync(HttpMethod.Post, "/v2/models/otherdep/infer", """{"inputs":[]}""", Callers.Serving);
        Assert.Equal(403, oipStatus);
        Assert.Contains(Served, (string)oip!["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_serving_token_infers_on_its_deployment_only()
    {
        var serving = Callers.Serving;
        var (own, answer) = await Callers.SendAsync(HttpMethod.Post, $"/v2/models/{Served}/infer", """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", serving);
        Assert.True(own is not (401 or 403), $"{own}: {answer}");
        var (list, _) = await Callers.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments", null, serving);
        Assert.Equal(403, list);
        var (search, _) = await Callers.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/search", "{}", serving);
        Assert.Equal(403, search);
    }

    [Fact]
    public async Task Through_mlflow_users_get_a_user_reads_only_itself_and_sets_no_password()
    {
        var (self, user) = await Callers.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/users/get?username=vera", null, Callers.Viewer);
        var (other, problem) = await Callers.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/users/get?username=mae", null, Callers.Viewer);
        var (serving, _) = await Callers.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/users/get?username=scorer", null, Callers.Serving);
        var (byAdmin, _) = await Callers.SendAsync(HttpMethod.Get, "/ajax-api/2.0/mlflow/users/get?username=mae", null, Callers.Admin);
        var (password, _) = await Callers.SendAsync(HttpMethod.Patch, "/api/2.0/mlflow/users/update-password", """{"username":"vera","password":"vera-new-password-1"}""", Callers.Viewer);

        Assert.Equal(200, self);
        Assert.Equal(("vera", false), ((string?)user!["user"]!["username"], (bool)user["user"]!["is_admin"]!));
        Assert.Equal((403, "PERMISSION_DENIED"), (other, (string?)problem!["error_code"]));
        Assert.Equal(403, serving);
        Assert.Equal(200, byAdmin);
        Assert.Equal(403, password);
        Assert.Equal(200, (await Callers.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", null, Callers.Viewer)).Status); // the old password still works
    }

    private static (bool Refused, int Status) Refused(Route route, Caller caller)
    {
        var access = route.Access;
        if (access.Kind == AccessKind.Public)
        {
            return (false, 0);
        }

        if (!caller.IsAuthenticated)
        {
            return (true, 401);
        }

        if (caller.ServingDeployment is not null)
        {
            return (!(access.Kind == AccessKind.Inference && route.Template.Contains("{name}", StringComparison.Ordinal)), 403);
        }

        // Server-wide admin routes need an admin of the default workspace: another workspace's admin is refused.
        var serverAdminOnly = !access.Workspace && access.Role == Role.Admin && caller.Workspace != Caller.DefaultWorkspace;
        return (access.Workspace && caller.Workspace != Caller.DefaultWorkspace) || caller.Role < access.Role || serverAdminOnly ? (true, 403) : (false, 0);
    }

    private async Task<(int Status, string? Challenge, string Body)> CallAsync(Route route, TestCaller caller)
    {
        using var request = TestPrincipals.As(new HttpRequestMessage(new HttpMethod(route.Method), Fill(route)), caller);
        if (route.Method is not ("GET" or "HEAD" or "DELETE"))
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await Callers.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, response.Headers.WwwAuthenticate.ToString(), body.Length > 200 ? body[..200] : body);
    }

    /// <summary>
    /// The route's template with its parameters filled: the served deployment for inference routes (so the serving
    /// token addresses its own), names that exist nowhere for the rest (so no allowed call deletes anything that matters).
    /// </summary>
    private static string Fill(Route route) => RouteParameter().Replace(route.Template, m => m.Groups["name"].Value switch
    {
        "name" when route.Access.Kind == AccessKind.Inference => Served,
        "path" or "tag_key" => "nothing/here",
        "version" => "1",
        "documentName" => "v1",
        var other => "no-such-" + other.ToLowerInvariant(),
    });

    private List<Route> Routes()
    {
        var routes = new List<Route>();
        foreach (var endpoint in Serving.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + endpoint.RoutePattern.RawText!.Trim('/');
            var policy = endpoint.Metadata.GetMetadata<AccessPolicy>();
            var readsOnly = endpoint.Metadata.GetMetadata<ReadsOnlyMetadata>() is not null;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
            {
                routes.Add(new Route(method, template, policy, policy?.For(endpoint, method) ?? default, readsOnly));
            }
        }

        return routes;
    }

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z_]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>
    /// One server for the class, auth on: a model deployed as <see cref="Served"/>, and the matrix's principals created
    /// once through the accounts API (<see cref="TestPrincipals"/>).
    /// </summary>
    public sealed class Server : IAsyncLifetime
    {
        public ServingServer Serving { get; private set; } = null!;

        public TestPrincipals Callers { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Serving = await ServingServer.StartAsync(o => o with { Auth = new AuthOptions() });
            Callers = await TestPrincipals.CreateAsync(Serving.App.Address(), Serving.AdminToken, Served);
            var version = await Serving.RegisterAsync("accessmodel", ServingServer.Fixture("linear_classifier.onnx"));
            await Serving.DeployAsync(new JsonObject
            {
                ["name"] = Served,
                ["routes"] = new JsonArray(new JsonObject { ["model"] = "accessmodel", ["version"] = version }),
            });
        }

        public async Task DisposeAsync()
        {
            Callers?.Dispose();
            await Serving.DisposeAsync();
        }
    }

    private sealed record Route(string Method, string Template, AccessPolicy? Policy, Access Access, bool ReadsOnly)
    {
        public override string ToString() => $"{Method} {Template} ({Policy?.Name ?? "no policy"}: {Access})";
    }
}

/// <summary>The walk sends about a thousand requests; it runs alone.</summary>
[CollectionDefinition(nameof(RouteAccessTests), DisableParallelization = true)]
public sealed class RouteAccessCollection;
