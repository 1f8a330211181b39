using System.Text;
using System.Text.Json.Nodes;
using Crucible.Server.Errors;
using Crucible.Server.Hosting;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Security;

/// <summary>
/// The attacks of issue 15 that a web page or a rebound DNS name can make on a server bound to loopback, each tried
/// as an attacker would and each checked to have changed nothing; and the same calls made as the MLflow client makes
/// them (JSON, no Origin), which keep working.
/// </summary>
public sealed class BrowserAttackTests : IAsyncLifetime
{
    private const string Evil = "http://evil.example";

    private ServingServer _server = null!;

    public async Task InitializeAsync() => _server = await ServingServer.StartAsync(o => o);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_cross_origin_form_post_is_refused_and_changes_nothing()
    {
        var form = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", "name=pwned-form", "application/x-www-form-urlencoded", ("Origin", Evil));
        Assert.True(form.Status == 403, form.ToString());
        Assert.Equal("PERMISSION_DENIED", (string)form.Json!["error_code"]!);
        var json = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"pwned-json"}""", "application/json", ("Origin", Evil));
        Assert.True(json.Status == 403, json.ToString());
        var nullOrigin = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"pwned-null"}""", "application/json", ("Origin", "null"));
        Assert.True(nullOrigin.Status == 403, nullOrigin.ToString());
        var upload = await SendAsync(HttpMethod.Post, "/api/crucible/v1/datasets/pwned/versions?format=csv", "a,b\n1,2\n", "text/plain", ("Origin", Evil));
        Assert.True(upload.Status == 403, upload.ToString());

        foreach (var name in new[] { "pwned-form", "pwned-json", "pwned-null" })
        {
            Assert.Equal(404, (await SendAsync(HttpMethod.Get, $"/api/2.0/mlflow/experiments/get-by-name?experiment_name={name}")).Status);
        }

        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/pwned/versions")).Status);
    }

    [Fact]
    public async Task A_cross_site_request_without_an_origin_is_refused_by_its_fetch_metadata()
    {
        var answer = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"pwned-site"}""", "application/json", ("Sec-Fetch-Site", "cross-site"));
        Assert.True(answer.Status == 403, answer.ToString());
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=pwned-site")).Status);
    }

    [Fact]
    public async Task A_text_plain_body_is_refused_and_changes_nothing()
    {
        var json = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"pwned-text"}""", "text/plain");
        Assert.True(json.Status == 400, json.ToString());
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=pwned-text")).Status);

        // A route that takes any body type: a simple (preflight-free) POST needs the client header.
        var upload = await SendAsync(HttpMethod.Post, "/api/crucible/v1/datasets/plain/versions?format=csv", "a,b\n1,2\n", "text/plain");
        Assert.True(upload.Status == 403, upload.ToString());
        Assert.Contains(ContentTypeGuard.ClientHeader, (string)upload.Json!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/plain/versions")).Status);
        var program = await SendAsync(HttpMethod.Post, "/api/crucible/v1/datasets/plain/versions?format=csv", "a,b\n1,2\n", "text/plain", (ContentTypeGuard.ClientHeader, "test"));
        Assert.True(program.Status == 200, program.ToString());
    }

    [Fact]
    public async Task A_foreign_host_header_is_refused_and_changes_nothing()
    {
        var port = _server.App.Address().Port;
        var write = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"pwned-host"}""", "application/json", ("Host", $"evil.example:{port}"));
        Assert.True(write.Status == 400, write.ToString());
        Assert.Contains("evil.example", (string)write.Json!["message"]!, StringComparison.Ordinal);
        var read = await SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/search", null, null, ("Host", $"evil.example:{port}"));
        Assert.True(read.Status == 400, read.ToString());
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=pwned-host")).Status);
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, "/health", null, null, ("Host", $"localhost:{port}"))).Status);
    }

    [Fact]
    public async Task The_same_calls_from_an_mlflow_shaped_client_succeed()
    {
        var created = await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/create", """{"name":"by-client"}""", "application/json");
        Assert.True(created.Status == 200, created.ToString());
        var experiment = (string)created.Json!["experiment_id"]!;
        var sameOrigin = await SendAsync(
            HttpMethod.Post, "/api/2.0/mlflow/runs/create", $$"""{"experiment_id":"{{experiment}}"}""", "application/json",
            ("Origin", _server.App.Address().GetLeftPart(UriPartial.Authority)), ("Sec-Fetch-Site", "same-origin"));
        Assert.True(sameOrigin.Status == 200, sameOrigin.ToString());
        var runId = (string)sameOrigin.Json!["run"]!["info"]!["run_id"]!;

        // The MLflow client uploads a text artifact with its guessed type: a PUT, which no page can send across sites.
        var put = await SendAsync(HttpMethod.Put, $"/api/2.0/mlflow-artifacts/artifacts/{experiment}/{runId}/artifacts/notes.txt", "hello", "text/plain");
        Assert.True(put.Status == 200, put.ToString());
        Assert.Equal("hello", await _server.Http.GetStringAsync($"/api/2.0/mlflow-artifacts/artifacts/{experiment}/{runId}/artifacts/notes.txt"));
        Assert.Equal(200, (await SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=by-client")).Status);
    }

    [Fact]
    public async Task Cors_is_off_unless_origins_are_configured()
    {
        using (var preflight = Preflight("http://app.example"))
        using (var answer = await _server.Http.SendAsync(preflight))
        {
            Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        }

        var configured = await ServingServer.StartAsync(o => o with
        {
            Network = new NetworkOptions { CorsOrigins = ["http://app.example"], AllowedHosts = ["crucible.internal"] },
        });
        try
        {
            await CorsCallsAsync(configured);
        }
        finally
        {
            await configured.DisposeAsync();
        }
    }

    private static async Task CorsCallsAsync(ServingServer configured)
    {
        using (var preflight = Preflight("http://app.example"))
        using (var answer = await configured.Http.SendAsync(preflight))
        {
            Assert.Equal("http://app.example", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/2.0/mlflow/experiments/create")
        {
            Content = new StringContent("""{"name":"from-app"}""", Encoding.UTF8, "application/json"),
        };
        post.Headers.TryAddWithoutValidation("Origin", "http://app.example");
        post.Headers.Host = $"crucible.internal:{configured.App.Address().Port}";
        using var created = await configured.Http.SendAsync(post);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        Assert.Equal("http://app.example", created.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/2.0/mlflow/experiments/create");
        request.Headers.TryAddWithoutValidation("Origin", origin);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "POST");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", "content-type");
        return request;
    }

    /// <summary>Sends a request with a body of <paramref name="contentType"/> (none when null) and the given headers (<c>Host</c> included).</summary>
    private async Task<Answer> SendAsync(HttpMethod method, string path, string? body = null, string? contentType = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        foreach (var (name, value) in headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return new Answer((int)response.StatusCode, json, text);
    }

    private sealed record Answer(int Status, JsonNode? Json, string Text);
}
