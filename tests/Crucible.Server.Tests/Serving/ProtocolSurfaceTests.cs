using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Serving;

/// <summary>The Open Inference Protocol's health and metadata answers, pinned versions, CSV scoring, and the serving-only process.</summary>
public sealed class ProtocolSurfaceTests(ServingServer server) : IClassFixture<ServingServer>
{
    [Fact]
    public async Task Server_and_model_metadata_follow_the_open_inference_protocol()
    {
        var version = await server.RegisterAsync("meta", ScalerModels.Scaler(1));
        await server.DeployAsync("meta", "meta", version);
        await server.WaitReadyAsync("meta");

        Assert.Equal("crucible", (string)(await server.OkAsync(HttpMethod.Get, "/v2"))["name"]!);
        Assert.True((bool)(await server.OkAsync(HttpMethod.Get, "/v2/health/live"))["live"]!);
        Assert.True((bool)(await server.OkAsync(HttpMethod.Get, "/v2/health/ready"))["ready"]!);

        var metadata = await server.OkAsync(HttpMethod.Get, "/v2/models/meta");
        Assert.Equal("meta", (string)metadata["name"]!);
        Assert.Equal("onnx_onnxv1", (string)metadata["platform"]!);
        Assert.Equal([version], metadata["versions"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("""[{"name":"x","datatype":"FP32","shape":[-1,4]}]""", metadata["inputs"]!.ToJsonString());
        Assert.Equal("""[{"name":"y","datatype":"FP32","shape":[-1,4]}]""", metadata["outputs"]!.ToJsonString());
        Assert.Equal("meta", (string)(await server.OkAsync(HttpMethod.Get, $"/v2/models/meta/versions/{version}"))["name"]!);
        Assert.True((bool)(await server.OkAsync(HttpMethod.Get, $"/v2/models/meta/versions/{version}/ready"))["ready"]!);

        var pinned = await server.OkAsync(HttpMethod.Post, $"/v2/models/meta/versions/{version}/infer", ScalerModels.Request(1, 2, 3, 4));
        Assert.Equal(version, (string)pinned["model_version"]!);
        Assert.Equal("[1,4]", pinned["outputs"]![0]!["shape"]!.ToJsonString());
        Assert.False(string.IsNullOrEmpty((string?)pinned["id"]), "a request without an id gets a generated one");
    }

    [Fact]
    public async Task Binary_tensor_data_is_accepted_with_the_inference_header_content_length_header()
    {
        var version = await server.RegisterAsync("binary", ScalerModels.Scaler(2));
        await server.DeployAsync("binary", "binary", version);
        await server.WaitReadyAsync("binary");
        var header = System.Text.Encoding.UTF8.GetBytes("""{"id":"bin-1","inputs":[{"name":"x","shape":[2,4],"datatype":"FP32","parameters":{"binary_data_size":32}}]}""");
        var data = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new float[] { 1, 2, 3, 4, -1, 0, 0.5f, 1.5f }.AsSpan()).ToArray();

        foreach (var type in new[] { "application/octet-stream", "application/json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/binary/infer") { Content = new ByteArrayContent([.. header, .. data]) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
            request.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await server.Http.SendAsync(request);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

            Assert.True(response.IsSuccessStatusCode, $"{type}: {(int)response.StatusCode} {answer.ToJsonString()}");
            Assert.Equal("bin-1", (string)answer["id"]!);
            Assert.Equal("[2,4,6,8,-2,0,1,3]", answer["outputs"]![0]!["data"]!.ToJsonString());
        }

        using var bad = new HttpRequestMessage(HttpMethod.Post, "/v2/models/binary/infer") { Content = new ByteArrayContent([.. header, .. data]) };
        bad.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        bad.Headers.Add("Inference-Header-Content-Length", "many");
        using var refused = await server.Http.SendAsync(bad);
        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("Inference-Header-Content-Length must be one non-negative integer", (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!);
    }

    [Fact]
    public async Task Csv_and_every_json_format_score_the_same()
    {
        var version = await server.RegisterAsync("formats", ScalerModels.Scaler(2));
        await server.DeployAsync("formats", "formats", version);
        await server.WaitReadyAsync("formats");
        const string Expected = """{"predictions":[[2,4,6,8],[-2,0,1,3]]}""";
        var bodies = new[]
        {
            ("""{"dataframe_split":{"columns":["a","b","c","d"],"data":[[1,2,3,4],[-1,0,0.5,1.5]]}}""", "application/json"),
            ("""{"dataframe_records":[{"a":1,"b":2,"c":3,"d":4},{"a":-1,"b":0,"c":0.5,"d":1.5}]}""", "application/json"),
            ("""{"instances":[[1,2,3,4],[-1,0,0.5,1.5]]}""", "application/json"),
            ("""{"inputs":[[1,2,3,4],[-1,0,0.5,1.5]]}""", "application/json; charset=utf-8"),
            ("a,b,c,d\n1,2,3,4\n-1,0,0.5,1.5\n", "text/csv"),
        };

        foreach (var (body, type) in bodies)
        {
            var (status, answer) = await server.SendAsync(HttpMethod.Post, "/deployments/formats/invocations", raw: body, contentType: type);
            Assert.True(status == 200, $"{body}: {status} {answer.ToJsonString()}");
            Assert.Equal(Expected, answer.ToJsonString());
        }
    }

    [Fact]
    public async Task A_serving_only_process_answers_plain_invocations_for_its_deployment_and_nothing_of_the_tracking_api()
    {
        var version = await server.RegisterAsync("solo", ScalerModels.Scaler(3));
        await server.DeployAsync("solo", "solo", version);
        await using var serving = await ServingServer.StartAsync(o => o with
        {
            BackendStoreUri = server.Options.BackendStoreUri,
            ArtifactsDestination = server.Options.ArtifactsDestination,
            ServingOnly = true,
            ServeDeployment = "solo",
        }).AsDisposable();

        var answer = await serving.Server.OkAsync(HttpMethod.Post, "/invocations", new JsonObject { ["instances"] = new JsonArray(new JsonArray(1, 1, 1, 1)) });
        Assert.Equal("""{"predictions":[[3,3,3,3]]}""", answer.ToJsonString());
        Assert.Equal(200, (await serving.Server.SendAsync(HttpMethod.Get, "/ping")).Status);
        Assert.Equal(200, (await serving.Server.SendAsync(HttpMethod.Post, "/v2/models/solo/infer", ScalerModels.Request(1, 2, 3, 4))).Status);
        Assert.Equal(404, (await serving.Server.SendAsync(HttpMethod.Post, "/v2/models/meta/infer", ScalerModels.Request(1, 2, 3, 4))).Status);
        Assert.Equal(404, (await serving.Server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/experiments/search", new JsonObject())).Status);
        Assert.Equal(404, (await serving.Server.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments")).Status);
    }
}

/// <summary>Lets a test own a second server with <c>await using</c>.</summary>
internal sealed class OwnedServer(ServingServer server) : IAsyncDisposable
{
    public ServingServer Server { get; } = server;

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}

internal static class OwnedServerExtensions
{
    public static async Task<OwnedServer> AsDisposable(this Task<ServingServer> starting) => new(await starting);
}
