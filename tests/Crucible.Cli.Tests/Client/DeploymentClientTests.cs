using System.Globalization;
using System.Net;
using System.Text;
using Crucible.Client;
using Crucible.Contracts.Serving;

namespace Crucible.Cli.Tests.Client;

/// <summary>The deployments client against a stub (wire details) and against the real server (behaviour).</summary>
public sealed class DeploymentClientTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    [Fact]
    public async Task Problem_details_become_the_error_code_and_the_detail()
    {
        using var handler = new StubHandler(
            HttpStatusCode.BadRequest,
            """{"type":"https://crucible.dev/errors/resource-already-exists","title":"RESOURCE_ALREADY_EXISTS","status":400,"detail":"Deployment 'a' already exists.","errorCode":"RESOURCE_ALREADY_EXISTS"}""",
            "application/problem+json");
        using var client = Stub(handler);

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.CreateDeploymentAsync(new DeploymentRequest("a", [new("m", "1")])));

        Assert.Equal((HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", "Deployment 'a' already exists."), (e.StatusCode, e.ErrorCode, e.Message));
    }

    [Fact]
    public async Task An_error_without_a_body_gets_a_code_from_the_status()
    {
        using var handler = new StubHandler(HttpStatusCode.Conflict, string.Empty);
        using var client = Stub(handler);

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.DeleteDeploymentAsync("a"));

        Assert.Equal("RESOURCE_CONFLICT", e.ErrorCode);
        Assert.Contains("DELETE /api/crucible/v1/deployments/a failed with HTTP 409", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_puts_snake_case_json_with_the_expected_revision()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, """{"deployment":{"name":"a","routes":[{"model":"m","alias":"champion","weight":100}],"batching":{"max_batch_size":1,"max_delay_ms":0},"capture":true,"revision":4,"creation_timestamp":1,"last_updated_timestamp":2}}""");
        using var client = Stub(handler, "http://serving.test/prefix");

        var updated = await client.UpdateDeploymentAsync("a", new DeploymentRequest("a", [new("m", Alias: "champion", Weight: 100)]) { ExpectedRevision = 3 });

        var (method, uri, body) = handler.Requests.Single();
        Assert.Equal(HttpMethod.Put, method);
        Assert.Equal("http://serving.test/prefix/api/crucible/v1/deployments/a", uri.AbsoluteUri);
        Assert.Equal("""{"name":"a","routes":[{"model":"m","alias":"champion","weight":100}],"expected_revision":3}""", body);
        Assert.Equal(4, updated.Revision);
    }

    [Fact]
    public async Task Predictions_pass_paging_and_the_time_window_in_the_query()
    {
        using var handler = new StubHandler(HttpStatusCode.OK, """{"predictions":[]}""");
        using var client = Stub(handler);

        var page = await client.GetPredictionsAsync("a", maxResults: 10, pageToken: "t+1/=", fromTimestamp: 1000, toTimestamp: 2000, includeShadow: false);

        Assert.Empty(page.Predictions);
        Assert.Null(page.NextPageToken);
        Assert.Equal(
            "http://serving.test/api/crucible/v1/deployments/a/predictions?max_results=10&page_token=t%2B1%2F%3D&from=1000&to=2000&include_shadow=false",
            handler.Requests.Single().Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Create_get_list_update_and_delete_a_deployment()
    {
        using var client = server.Client();
        var model = await RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("dep");

        var created = await client.CreateDeploymentAsync(new DeploymentRequest(name, [new(model, "1", Weight: 90), new(model, Alias: "champion", Weight: 10)], Description: "first"));
        var read = await client.GetDeploymentAsync(name);
        var listed = await client.ListDeploymentsAsync();
        var updated = await client.UpdateDeploymentAsync(name, new DeploymentRequest(name, [new(model, "1")], Shadow: new ModelRefDto(model, null, "champion")) { ExpectedRevision = read.Revision });
        await client.DeleteDeploymentAsync(name);

        Assert.Equal(name, created.Name);
        Assert.Equal([new(model, "1", null, 90), new(model, null, "champion", 10)], read.Routes);
        Assert.Equal("first", read.Description);
        Assert.True(read.Capture);
        Assert.NotEmpty(read.Endpoints ?? new Dictionary<string, string>());
        Assert.Contains(listed, d => d.Name == name);
        Assert.Equal(read.Revision + 1, updated.Revision);
        Assert.Equal(new ModelRefDto(model, null, "champion"), updated.Shadow);
        var gone = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetDeploymentAsync(name));
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (gone.StatusCode, gone.ErrorCode));
        Assert.Contains(name, gone.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_taken_name_fails_with_resource_already_exists()
    {
        using var client = server.Client();
        var model = await RegisterModelAsync(server);
        var request = new DeploymentRequest(TrackingServer.UniqueName("dup"), [new(model, "1")]);
        await client.CreateDeploymentAsync(request);

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.CreateDeploymentAsync(request));

        Assert.Equal((HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS"), (e.StatusCode, e.ErrorCode));
    }

    [Fact]
    public async Task An_update_from_a_stale_revision_is_refused_with_409_and_changes_nothing()
    {
        using var client = server.Client();
        var model = await RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("stale");
        var created = await client.CreateDeploymentAsync(new DeploymentRequest(name, [new(model, "1")]));
        await client.UpdateDeploymentAsync(name, new DeploymentRequest(name, [new(model, "1", Weight: 50)]) { ExpectedRevision = created.Revision });

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() =>
            client.UpdateDeploymentAsync(name, new DeploymentRequest(name, [new(model, Alias: "champion")]) { ExpectedRevision = created.Revision }));

        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.Equal([new(model, "1", null, 50)], (await client.GetDeploymentAsync(name)).Routes);
    }

    [Fact]
    public async Task Served_predictions_are_captured_and_listed_oldest_first()
    {
        using var client = server.Client();
        var model = await RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("pred");
        await client.CreateDeploymentAsync(new DeploymentRequest(name, [new(model, "1")]));

        var requestIds = new[] { "first", "second" };
        foreach (var id in requestIds)
        {
            await InferAsync(server, name, id);
        }

        var predictions = await WaitForPredictionsAsync(client, name, requestIds.Length);
        var page = await client.GetPredictionsAsync(name, maxResults: 1);

        Assert.Equal(requestIds, predictions.Select(p => p.RequestId));
        Assert.All(predictions, p => Assert.Equal((model, "1", false), (p.Model, p.Version, p.Shadow)));
        Assert.Single(page.Predictions);
        Assert.NotNull(page.NextPageToken);
    }

    /// <summary>Registers <c>mlp.onnx</c> as version 1 of a new model with alias <c>champion</c>, through the CLI.</summary>
    internal static async Task<string> RegisterModelAsync(TrackingServer server)
    {
        var name = TrackingServer.UniqueName("mlp");
        var uri = server.Uri.ToString();
        var registered = await Cli.RunAsync("models", "register", Fixture("mlp.onnx"), "--name", name, "--tracking-uri", uri);
        Assert.True(registered.ExitCode == 0, registered.Error);
        var alias = await Cli.RunAsync("models", "alias", "set", name, "champion", "1", "--tracking-uri", uri);
        Assert.True(alias.ExitCode == 0, alias.Error);
        return name;
    }

    /// <summary>One OIP infer request with a row of 32 floats, the input <c>mlp.onnx</c> takes.</summary>
    internal static async Task InferAsync(TrackingServer server, string deployment, string requestId)
    {
        var data = string.Join(',', Enumerable.Range(0, 32).Select(i => (i / 32.0).ToString(CultureInfo.InvariantCulture)));
        var body = $$"""{"id":"{{requestId}}","inputs":[{"name":"input","shape":[1,32],"datatype":"FP32","data":[{{data}}]}]}""";
        using var http = new HttpClient { BaseAddress = server.Uri };
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"v2/models/{deployment}/infer", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Captured predictions are written in batches off the request path; waits until <paramref name="count"/> are there.</summary>
    internal static async Task<List<PredictionDto>> WaitForPredictionsAsync(CrucibleClient client, string deployment, int count)
    {
        for (var attempt = 0; ; attempt++)
        {
            var predictions = new List<PredictionDto>();
            await foreach (var prediction in client.GetAllPredictionsAsync(deployment))
            {
                predictions.Add(prediction);
            }

            if (predictions.Count >= count || attempt == 100)
            {
                return predictions;
            }

            await Task.Delay(100);
        }
    }

    internal static string FixturePath(string name) => Fixture(name);

    private static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Crucible.Onnx.Tests", "Fixtures", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Fixture {name} not found above {AppContext.BaseDirectory}");
    }

    private static CrucibleClient Stub(StubHandler handler, string baseAddress = "http://serving.test/") =>
        new(new HttpClient(handler) { BaseAddress = new Uri(baseAddress) });
}
