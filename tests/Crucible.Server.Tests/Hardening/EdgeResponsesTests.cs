using Crucible.Server.Hosting;
using Crucible.TestSupport;

namespace Crucible.Server.Tests.Hardening;

/// <summary>
/// What the edge answers before a handler runs (issue 13, items 1, 2 and 9): nulls in lists and lone surrogates,
/// content types, oversize bodies and targets, each in the family's format; the IPv4-mapped host; redacted store URIs.
/// </summary>
public sealed class EdgeResponsesTests : IAsyncLifetime
{
    private ServerFixture _server = null!;
    private EdgeProbe _probe = null!;
    private string _runId = string.Empty;

    public async Task InitializeAsync()
    {
        _server = await ServerFixture.StartAsync();
        _probe = new EdgeProbe(_server.Http);
        _runId = (string)(await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" }))["run"]!["info"]!["run_id"]!;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("runs/log-batch", """{"run_id":"RUN","metrics":[null]}""", "metrics[0]")]
    [InlineData("runs/log-batch", """{"run_id":"RUN","tags":[{"key":"a","value":"b"},null]}""", "tags[1]")]
    [InlineData("runs/log-inputs", """{"run_id":"RUN","datasets":[{"dataset":{"name":"d","digest":"x","source_type":"local","source":"s"},"tags":[null]}]}""", "datasets[0].tags[0]")]
    [InlineData("runs/search", """{"experiment_ids":["0"],"order_by":[null]}""", "order_by[0]")]
    [InlineData("experiments/create", """{"name":"e","tags":[null]}""", "tags[0]")]
    [InlineData("runs/set-tag", """{"run_id":"RUN","key":"k","value":"\ud800"}""", "value")]
    [InlineData("experiments/create", """{"name":"x\udc00y"}""", "name")]
    public async Task Nulls_in_lists_and_lone_surrogates_are_refused_naming_the_field(string path, string body, string field)
    {
        var answer = await _probe.SendAsync("POST", "/api/2.0/mlflow/" + path, body.Replace("RUN", _runId, StringComparison.Ordinal));
        Assert.True(answer.Status == 400, answer.ToString());
        Assert.Equal("INVALID_PARAMETER_VALUE", (string)answer.Json!["error_code"]!);
        Assert.Contains($"'{field}'", (string)answer.Json!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Native_bodies_follow_the_same_rule()
    {
        var answer = await _probe.SendAsync("POST", "/api/crucible/v1/deployments", """{"name":"d","routes":[{"model":"m","version":"1"},null]}""");
        Assert.True(answer.Status == 400, answer.ToString());
        Assert.Contains("routes[1]", (string)answer.Json!["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task Mlflow_writes_need_a_json_content_type(string? contentType)
    {
        var answer = await _probe.SendAsync("POST", "/api/2.0/mlflow/experiments/create", """{"name":"by-form"}""", contentType);
        Assert.True(answer.Status == 400, answer.ToString());
        Assert.Equal("INVALID_PARAMETER_VALUE", (string)answer.Json!["error_code"]!);
        Assert.StartsWith("Content-Type must be application/json", (string)answer.Json!["message"]!, StringComparison.Ordinal);
        var found = await _probe.SendAsync("GET", "/api/2.0/mlflow/experiments/get-by-name?experiment_name=by-form");
        Assert.Equal(404, found.Status);
    }

    [Fact]
    public async Task Json_with_a_charset_and_writes_without_a_body_pass()
    {
        Assert.Equal(200, (await _probe.SendAsync("POST", "/api/2.0/mlflow/experiments/create", """{"name":"charset"}""", "application/json; charset=utf-8")).Status);
        var empty = await _probe.SendAsync("POST", "/api/2.0/mlflow/experiments/create");
        Assert.True(empty.Status == 400, empty.ToString());
        Assert.DoesNotContain("Content-Type", (string)empty.Json!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Native_and_inference_writes_answer_415_and_uploads_take_any_type()
    {
        var native = await _probe.SendAsync("POST", "/api/crucible/v1/monitors", """{"deployment":"d"}""", "text/plain");
        Assert.True(native.Status == 415, native.ToString());
        Assert.Equal("application/problem+json", native.ResponseType);
        var oip = await _probe.SendAsync("POST", "/v2/models/none/infer", """{"inputs":[]}""", "application/x-www-form-urlencoded");
        Assert.True(oip.Status == 415, oip.ToString());
        Assert.NotNull(oip.Json!["error"]);
        var upload = await _probe.SendAsync("PUT", $"/api/2.0/mlflow-artifacts/artifacts/0/{_runId}/artifacts/notes.txt", "hello", "text/plain");
        Assert.True(upload.Status == 200, upload.ToString());
    }

    [Fact]
    public async Task Oversize_json_bodies_are_413_in_the_family_format()
    {
        var huge = new string('x', 3 * 1024 * 1024);
        var mlflow = await _probe.SendAsync("POST", "/api/2.0/mlflow/runs/log-batch", $$"""{"run_id":"{{_runId}}","tags":[{"key":"k","value":"{{huge}}"}]}""");
        Assert.True(mlflow.Status == 413, mlflow.ToString());
        Assert.Equal("INVALID_PARAMETER_VALUE", (string)mlflow.Json!["error_code"]!);
        var native = await _probe.SendAsync("POST", "/api/crucible/v1/monitors", $$"""{"deployment":"{{huge}}"}""");
        Assert.True(native.Status == 413, native.ToString());
        Assert.Equal("application/problem+json", native.ResponseType);
    }

    [Fact]
    public async Task A_long_target_is_414_with_a_json_body()
    {
        var answer = await _probe.SendAsync("GET", "/api/2.0/mlflow/experiments/get?experiment_id=0&pad=" + new string('a', 20_000));
        Assert.True(answer.Status == 414, answer.ToString());
        Assert.NotNull(answer.Json!["error_code"]);
    }

    /// <summary>Kestrel refuses these before any middleware runs, with an empty body (docs/security.md says so); the point is a clean 4xx.</summary>
    [Theory]
    [InlineData("GET /api/2.0/mlflow/experiments/get\0 HTTP/1.1")]
    [InlineData("GET /api/2.0/mlflow/experiments/get%00?experiment_id=0 HTTP/1.1")]
    public async Task Requests_kestrel_refuses_get_a_4xx(string requestLine)
    {
        var (status, head, _) = await _probe.RawAsync(requestLine);
        Assert.True(status is >= 400 and < 500, head);
    }

    [Fact]
    public async Task An_ipv4_mapped_ipv6_host_starts_and_serves()
    {
        using var dir = new TempDirectory();
        await using var app = await CrucibleServer.CreateAsync(new ServerOptions
        {
            BackendStoreUri = "sqlite:///" + dir.File("crucible.db"), ArtifactsDestination = dir.File("artifacts"), Host = "::ffff:127.0.0.1", Port = 0, Auth = new() { Enabled = false },
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = app.Address() };
        Assert.Equal("OK", await http.GetStringAsync("/health"));
        await app.StopAsync();
    }

    [Theory]
    [InlineData("postgresql://crucible:s3cret@db:5432/crucible", "postgresql://crucible:***@db:5432/crucible")]
    [InlineData("postgresql://crucible@db/crucible", "postgresql://crucible@db/crucible")]
    [InlineData("Host=db;Username=u;Password=s3cret;Database=c", "Host=db;Username=u;Password=***;Database=c")]
    [InlineData("postgresql://db/c?user=u&password=s3cret", "postgresql://db/c?user=u&password=***")]
    [InlineData("sqlite:///crucible-data/crucible.db", "sqlite:///crucible-data/crucible.db")]
    public void Printed_store_uris_hide_passwords(string uri, string printed) => Assert.Equal(printed, ServerOptions.Redact(uri));
}
