using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Mlflow;

/// <summary>
/// Walks every route the server maps (read from its own endpoint table, so new routes are walked too) with
/// malformed, mistyped, missing, unknown, oversize and non-object input. Each answer must be JSON in the API
/// family's error format with a 4xx status (or a 2xx where the input happens to be valid), never a 500 or HTML,
/// and the server must stay healthy.
/// </summary>
public sealed partial class BadInputWalkTests : IAsyncLifetime
{
    private static readonly string[] Bodies =
    [
        "{bad json",
        "[]",
        "\"text\"",
        "null",
        "42",
        "{}",
        """{"run_id":{"a":1},"experiment_id":[1],"name":{"a":1},"key":[],"value":{},"timestamp":"abc","max_results":"many","step":"x","tags":"notalist","metrics":{"a":1}}""",
        """{"run_id":"ffffffffffffffffffffffffffffffff","experiment_id":"987654","experiment_name":"nope","name":"","key":"k","value":"v","timestamp":1,"metric_key":"k","new_name":"n"}""",
        """{"experiment_id":"abc","run_id":"../../etc","key":"../../x","value":"v","timestamp":1,"max_results":-5,"filter":"metrics.x LIKE 'a'","order_by":["nonsense DESC"],"page_token":"!!"}""",
        """{"name":"NAME","experiment_id":"0","run_id":"RUN","key":"KEY","value":"VALUE","timestamp":1}""",
    ];

    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private List<(string Method, string Path)> Routes()
    {
        var routes = new List<(string, string)>();
        foreach (var endpoint in _server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (template == "/" || template.StartsWith("/ui/", StringComparison.Ordinal))
            {
                continue; // the web UI's shell and assets: pages for a browser, not an API family (tests/Crucible.Ui.Tests)
            }

            var path = RouteParameter().Replace(template.Replace("{**path}", "0/run/artifacts/file.txt", StringComparison.Ordinal), "x1");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
            {
                routes.Add((method, path));
            }
        }

        return routes;
    }

    [Fact]
    public void The_walk_covers_the_tracking_and_artifact_routes()
    {
        var routes = Routes();
        Assert.True(routes.Count >= 50, $"only {routes.Count} routes found");
        Assert.Contains(("POST", "/api/2.0/mlflow/runs/log-batch"), routes);
        Assert.Contains(("POST", "/ajax-api/2.0/mlflow/experiments/create"), routes);
        Assert.Contains(("PUT", "/api/2.0/mlflow-artifacts/artifacts/0/run/artifacts/file.txt"), routes);
    }

    [Fact]
    public async Task Every_route_answers_bad_bodies_with_a_json_error_never_a_500()
    {
        var run = await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" });
        var runId = run["run"]!["info"]!["run_id"]!.GetValue<string>();
        var failures = new List<string>();
        foreach (var (method, path) in Routes())
        {
            foreach (var template in Bodies)
            {
                var body = template.Replace("\"RUN\"", $"\"{runId}\"", StringComparison.Ordinal).Replace("NAME", "walk-" + Guid.NewGuid().ToString("N")[..8], StringComparison.Ordinal);
                await CheckAsync(new HttpMethod(method), path, body, failures);
            }

            if (method == "GET")
            {
                await CheckAsync(HttpMethod.Get, path + "?experiment_id=abc&run_id=%00&max_results=abc&metric_key=&path=../../x&filter=metrics.x%20LIKE%201", null, failures);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal("OK", await _server.Http.GetStringAsync("/health"));
    }

    [Fact]
    public async Task Huge_bodies_and_strings_are_refused_cleanly()
    {
        var runId = (await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" }))["run"]!["info"]!["run_id"]!.GetValue<string>();
        var huge = new string('x', 3 * 1024 * 1024);
        var failures = new List<string>();
        await CheckAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/log-batch", $$"""{"run_id":"{{runId}}","tags":[{"key":"k","value":"{{huge}}"}]}""", failures, expect4xx: true);
        // A 9,000-character run tag or 7,000-character param is stored cut, as MLflow's server does (TrackingClientCompatibilityTests).
        await CheckAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/log-metric", $$"""{"run_id":"{{runId}}","key":"{{new string('k', 300)}}","value":1,"timestamp":1}""", failures, expect4xx: true);
        await CheckAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", $$"""{"name":"{{new string('e', 600)}}"}""", failures, expect4xx: true);
        var metrics = string.Join(",", Enumerable.Range(0, 1001).Select(i => $$"""{"key":"m","value":{{i}},"timestamp":1,"step":{{i}}}"""));
        await CheckAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/log-batch", $$"""{"run_id":"{{runId}}","metrics":[{{metrics}}]}""", failures, expect4xx: true);
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        var run = await _server.GetOkAsync($"/api/2.0/mlflow/runs/get?run_id={runId}");
        Assert.Null(run["run"]!["data"]!["metrics"]); // the refused batch wrote nothing
    }

    [Theory]
    [InlineData("GET", "/nope")]
    [InlineData("GET", "/api/2.0/mlflow/experiments/list")]
    [InlineData("POST", "/api/2.0/mlflow/nope")]
    [InlineData("DELETE", "/api/2.0/mlflow/runs/create")]
    public async Task Unknown_routes_and_methods_answer_json(string method, string path)
    {
        var result = await _server.SendAsync(new HttpMethod(method), path, "{}");
        Assert.InRange(result.Status, 400, 499);
        Assert.Equal("application/json", result.ContentType);
        Assert.NotNull(result.Body?["error_code"]);
    }

    private async Task CheckAsync(HttpMethod method, string path, string? body, List<string> failures, bool expect4xx = false)
    {
        var (status, json, contentType) = await _server.SendAsync(method, path, body);
        var where = $"{method} {path} <- {Truncate(body)}: {status} {contentType}";
        if (status >= 500)
        {
            failures.Add("5xx: " + where);
        }
        else if (status >= 400 && !IsFamilyError(path, contentType, json))
        {
            failures.Add("not an error body of the route's API family: " + where);
        }
        else if (expect4xx && status < 400)
        {
            failures.Add("accepted: " + where);
        }
    }

    /// <summary>MLflow's <c>{error_code, message}</c>, the inference protocol's <c>{error}</c>, or ProblemDetails for the native API.</summary>
    private static bool IsFamilyError(string path, string contentType, System.Text.Json.Nodes.JsonNode? json) => path switch
    {
        _ when path.StartsWith("/api/crucible/", StringComparison.Ordinal) =>
            contentType == "application/problem+json" && json?["errorCode"] is not null && json["detail"] is not null,
        _ when path.StartsWith("/v2/", StringComparison.Ordinal) => contentType == "application/json" && json?["error"] is not null,
        _ => contentType == "application/json" && json?["error_code"] is not null && json["message"] is not null,
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();

    private static string Truncate(string? text) => text is null ? "(none)" : text.Length > 80 ? text[..80] + "..." : text;
}
