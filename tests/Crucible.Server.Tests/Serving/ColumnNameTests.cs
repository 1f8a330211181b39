using System.Text.Json.Nodes;
using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;

namespace Crucible.Server.Tests.Serving;

/// <summary>
/// MLflow scoring matches columns to a model's declared feature names (<c>crucible.feature_names</c>): columns in
/// another order give the same answer, unknown or missing names are 400s that name them, and a model without names
/// takes columns by position. Through the real server with a real model.
/// </summary>
public sealed class ColumnNameTests(ServingServer server) : IClassFixture<ServingServer>, IAsyncLifetime
{
    /// <summary>y = age + 10·income + 100·tenure, so every column order gives a different answer unless reordered.</summary>
    private static byte[] Weighted(bool named)
    {
        var builder = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "N", 3)
            .Output("y", OnnxElementType.Fp32, "N", 1)
            .Initializer("w", [1f, 10f, 100f], 3, 1)
            .Node("MatMul", ["x", "w"], ["y"]);
        if (named)
        {
            builder.Metadata(OnnxFeatureNames.Key, OnnxFeatureNames.Serialize(["age", "income", "tenure"]));
        }

        return builder.ToBytes();
    }

    public async Task InitializeAsync()
    {
        if (await server.SendAsync(HttpMethod.Get, "/v2/models/named/ready") is (200, _))
        {
            return;
        }

        await server.DeployAsync("named", "named", await server.RegisterAsync("named", Weighted(named: true)));
        await server.DeployAsync("unnamed", "unnamed", await server.RegisterAsync("unnamed", Weighted(named: false)));
        await server.WaitReadyAsync("named");
        await server.WaitReadyAsync("unnamed");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("""{"dataframe_split":{"columns":["age","income","tenure"],"data":[[1,2,3],[4,5,6]]}}""", "application/json")]
    [InlineData("""{"dataframe_split":{"columns":["income","age","tenure"],"data":[[2,1,3],[5,4,6]]}}""", "application/json")]
    [InlineData("""{"dataframe_split":{"columns":["tenure","income","age"],"data":[[3,2,1],[6,5,4]]}}""", "application/json")]
    [InlineData("""{"dataframe_records":[{"income":2,"age":1,"tenure":3},{"tenure":6,"age":4,"income":5}]}""", "application/json")]
    [InlineData("""{"instances":[{"tenure":3,"age":1,"income":2},{"age":4,"income":5,"tenure":6}]}""", "application/json")]
    [InlineData("tenure,age,income\n3,1,2\n6,4,5\n", "text/csv")]
    [InlineData("""{"dataframe_split":{"data":[[1,2,3],[4,5,6]]}}""", "application/json")]
    [InlineData("""{"dataframe_split":{"columns":[0,1,2],"data":[[1,2,3],[4,5,6]]}}""", "application/json")]
    public async Task Columns_in_any_order_give_the_answer_of_the_declared_order(string body, string contentType)
    {
        var (status, answer) = await server.SendAsync(HttpMethod.Post, "/deployments/named/invocations", raw: body, contentType: contentType);

        Assert.True(status == 200, $"{body}: {status} {answer.ToJsonString()}");
        Assert.Equal("""{"predictions":[[321],[654]]}""", answer.ToJsonString());
    }

    [Theory]
    [InlineData("""{"dataframe_split":{"columns":["age","salary","tenure"],"data":[[1,2,3]]}}""", "application/json", "'salary'")]
    [InlineData("""{"dataframe_split":{"columns":["age","salary","tenure"],"data":[[1,2,3]]}}""", "application/json", "'income'")]
    [InlineData("""{"dataframe_split":{"columns":["age","tenure"],"data":[[1,3]]}}""", "application/json", "missing column 'income'")]
    [InlineData("""{"dataframe_split":{"columns":["age","income","tenure","zip"],"data":[[1,2,3,4]]}}""", "application/json", "unknown column 'zip'")]
    [InlineData("""{"dataframe_split":{"columns":["age","age","tenure"],"data":[[1,2,3]]}}""", "application/json", "'age' appears more than once")]
    [InlineData("""{"dataframe_records":[{"age":1,"income":2,"tenur":3}]}""", "application/json", "'tenur'")]
    [InlineData("""{"dataframe_split":{"columns":[0,2,1],"data":[[1,3,2]]}}""", "application/json", "unknown columns '0', '2', '1'")]
    [InlineData("""{"dataframe_split":{"columns":[0,1],"data":[[1,2]]}}""", "application/json", "missing columns 'age', 'income', 'tenure'")]
    [InlineData("age,Income,tenure\n1,2,3\n", "text/csv", "'Income'")]
    public async Task Unknown_or_missing_column_names_are_400s_naming_them(string body, string contentType, string mentions)
    {
        var (status, error) = await server.SendAsync(HttpMethod.Post, "/deployments/named/invocations", raw: body, contentType: contentType);

        Assert.True(status == 400, $"{body}: {status} {error.ToJsonString()}");
        Assert.Equal("BAD_REQUEST", (string?)error["error_code"]);
        Assert.Contains(mentions, (string?)error["message"] ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_declared_names_columns_are_taken_by_position()
    {
        var (status, answer) = await server.SendAsync(
            HttpMethod.Post, "/deployments/unnamed/invocations", raw: """{"dataframe_split":{"columns":["income","age","tenure"],"data":[[2,1,3]]}}""");

        Assert.Equal(200, status);
        Assert.Equal("""{"predictions":[[312]]}""", answer.ToJsonString());
    }

    [Fact]
    public async Task Open_inference_tensors_stay_positional()
    {
        var answer = await server.OkAsync(HttpMethod.Post, "/v2/models/named/infer", new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject { ["name"] = "x", ["shape"] = new JsonArray(1, 3), ["datatype"] = "FP32", ["data"] = new JsonArray(1, 2, 3) }),
        });

        Assert.Equal("[321]", answer["outputs"]![0]!["data"]!.ToJsonString());
    }
}
