using System.Text;
using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Serving;

/// <summary>
/// A walk over malformed inference requests: every one is a 4xx in the protocol's own error format with a message
/// that says what was wrong, and the server serves normally afterwards.
/// </summary>
public sealed class ServingBadInputTests(ServingServer server) : IClassFixture<ServingServer>, IAsyncLifetime
{
    public static TheoryData<string, string, string> OipBodies => new()
    {
        { "not json", "{", "JSON" },
        { "a list", "[1,2]", "object" },
        { "no inputs", "{}", "inputs" },
        { "inputs not a list", """{"inputs":{}}""", "inputs" },
        { "unknown input", """{"inputs":[{"name":"z","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", "'z'" },
        { "missing input", """{"inputs":[]}""", "'x'" },
        { "wrong datatype", """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP64","data":[1,2,3,4]}]}""", "FP32" },
        { "unknown datatype", """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FLOAT","data":[1,2,3,4]}]}""", "FLOAT" },
        { "wrong shape", """{"inputs":[{"name":"x","shape":[1,5],"datatype":"FP32","data":[1,2,3,4,5]}]}""", "[1,5]" },
        { "wrong rank", """{"inputs":[{"name":"x","shape":[4],"datatype":"FP32","data":[1,2,3,4]}]}""", "shape" },
        { "count mismatch", """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3]}]}""", "element" },
        { "negative dim", """{"inputs":[{"name":"x","shape":[-1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", "shape" },
        { "huge shape", """{"inputs":[{"name":"x","shape":[9223372036854775807,4],"datatype":"FP32","data":[1,2,3,4]}]}""", "limit" },
        { "string for number", """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":["a",2,3,4]}]}""", "x" },
        { "duplicate input", """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]},{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", "x" },
        { "unknown output", """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}],"outputs":[{"name":"nope"}]}""", "nope" },
        { "binary data", """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","parameters":{"binary_data_size":16}}]}""", "binary" },
        { "truncated", """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2""", "JSON" },
    };

    public static TheoryData<string, string, string> ScoringBodies => new()
    {
        { "bare list", "[[1,2,3,4]]", "dataframe_split" },
        { "no known key", """{"rows":[[1,2,3,4]]}""", "dataframe_split" },
        { "two keys", """{"instances":[[1,2,3,4]],"inputs":[[1,2,3,4]]}""", "one" },
        { "short row", """{"instances":[[1,2,3]]}""", "4" },
        { "split wrong columns", """{"dataframe_split":{"columns":["a","b"],"data":[[1,2]]}}""", "4" },
        { "text in numbers", """{"dataframe_split":{"columns":["a","b","c","d"],"data":[[1,2,"x",4]]}}""", "x" },
        { "not json", "{{", "JSON" },
    };

    public async Task InitializeAsync()
    {
        if (await server.SendAsync(HttpMethod.Get, "/v2/models/walk/ready") is (200, _))
        {
            return;
        }

        var version = await server.RegisterAsync("walk", ScalerModels.Scaler(1));
        await server.DeployAsync("walk", "walk", version);
        await server.WaitReadyAsync("walk");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(OipBodies))]
    public async Task Malformed_open_inference_requests_are_400_with_an_error_message(string why, string body, string mentions)
    {
        var (status, error) = await server.SendAsync(HttpMethod.Post, "/v2/models/walk/infer", raw: body);

        Assert.True(status == 400, $"{why}: {status} {error.ToJsonString()}");
        var message = (string?)error["error"];
        Assert.False(string.IsNullOrWhiteSpace(message), $"{why}: {error.ToJsonString()}");
        Assert.True(message.Contains(mentions, StringComparison.OrdinalIgnoreCase), $"{why}: '{message}' should mention '{mentions}'");
        await AssertStillServingAsync();
    }

    [Theory]
    [MemberData(nameof(ScoringBodies))]
    public async Task Malformed_scoring_requests_are_400_bad_request_in_mlflow_format(string why, string body, string mentions)
    {
        var (status, error) = await server.SendAsync(HttpMethod.Post, "/deployments/walk/invocations", raw: body);

        Assert.True(status == 400, $"{why}: {status} {error.ToJsonString()}");
        Assert.Equal("BAD_REQUEST", (string?)error["error_code"]);
        Assert.Contains(mentions, (string?)error["message"] ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task An_unsupported_content_type_is_415()
    {
        var (status, error) = await server.SendAsync(HttpMethod.Post, "/deployments/walk/invocations", raw: "a=1", contentType: "application/x-www-form-urlencoded");

        Assert.Equal(415, status);
        Assert.Equal("BAD_REQUEST", (string?)error["error_code"]);
        Assert.Contains("text/csv", (string?)error["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_without_reading_it_all()
    {
        var huge = new StringBuilder("""{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[""");
        huge.Append(string.Join(',', Enumerable.Repeat("1.0", (int)(server.Options.ServingLimits.MaxBodyBytes / 4))));
        huge.Append("]}]}");

        var (status, error) = await server.SendAsync(HttpMethod.Post, "/v2/models/walk/infer", raw: huge.ToString());

        Assert.Equal(413, status);
        Assert.Contains("limit", (string?)error["error"], StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Unknown_models_and_versions_are_404_in_the_protocol_format()
    {
        var (status, error) = await server.SendAsync(HttpMethod.Post, "/v2/models/nope/infer", ScalerModels.Request(1, 2, 3, 4));
        Assert.Equal(404, status);
        Assert.Contains("nope", (string?)error["error"], StringComparison.Ordinal);

        (status, error) = await server.SendAsync(HttpMethod.Post, "/v2/models/walk/versions/99/infer", ScalerModels.Request(1, 2, 3, 4));
        Assert.Equal(404, status);
        Assert.Contains("99", (string?)error["error"], StringComparison.Ordinal);

        (status, error) = await server.SendAsync(HttpMethod.Post, "/deployments/nope/invocations", new JsonObject { ["instances"] = new JsonArray() });
        Assert.Equal(404, status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", (string?)error["error_code"]);
    }

    private async Task AssertStillServingAsync()
    {
        var answer = await server.OkAsync(HttpMethod.Post, "/v2/models/walk/infer", ScalerModels.Request(1, 2, 3, 4));
        Assert.Equal(4f, (float)answer["outputs"]![0]!["data"]![3]!);
    }
}
