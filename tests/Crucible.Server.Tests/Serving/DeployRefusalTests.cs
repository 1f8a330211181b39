using System.Text.Json.Nodes;
using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;

namespace Crucible.Server.Tests.Serving;

/// <summary>
/// Models no request could reach are refused when deployed, with the reason, instead of deploying as ready and
/// failing every call; BF16 is served as BF16 both ways.
/// </summary>
public sealed class DeployRefusalTests(ServingServer server) : IClassFixture<ServingServer>
{
    [Fact]
    public async Task A_model_whose_outputs_are_all_sequences_is_refused_at_deploy()
    {
        var onnx = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "N", 3)
            .Output("parts", OnnxValueType.Sequence(OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 3)))
            .Node("SequenceConstruct", ["x"], ["parts"])
            .ToBytes();
        var version = await server.RegisterAsync("seqout", onnx);

        var (status, problem) = await DeployAsync("seqout", version);

        Assert.True(status == 400, problem.ToJsonString());
        var detail = (string)problem["detail"]!;
        Assert.Contains("seqout/" + version + " cannot be served", detail, StringComparison.Ordinal);
        Assert.Contains("'parts' (seq(float[N,3]))", detail, StringComparison.Ordinal);
        Assert.Equal(404, (await server.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments/seqout")).Status);
    }

    [Fact]
    public async Task A_model_with_a_sequence_input_is_refused_at_deploy_naming_the_input()
    {
        var onnx = new OnnxModelBuilder()
            .Input("rows", OnnxValueType.Sequence(OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 3)))
            .Output("first", OnnxElementType.Fp32, "N", 3)
            .Initializer("zero", [0L])
            .Node("SequenceAt", ["rows", "zero"], ["first"])
            .ToBytes();
        var version = await server.RegisterAsync("seqin", onnx);

        var (status, problem) = await DeployAsync("seqin", version);

        Assert.True(status == 400, problem.ToJsonString());
        Assert.Contains("input 'rows' is seq(float[N,3])", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replacing_a_route_with_an_unservable_version_is_refused_and_the_old_one_keeps_serving()
    {
        var good = await server.RegisterAsync("swap", ScalerModels.Scaler(2));
        await server.DeployAsync("swap", "swap", good);
        var bad = await server.RegisterAsync("swap", new OnnxModelBuilder()
            .Input("x", OnnxElementType.Fp32, "N", 4)
            .Output("parts", OnnxValueType.Sequence(OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 4)))
            .Node("SequenceConstruct", ["x"], ["parts"])
            .ToBytes());

        var (status, problem) = await server.SendAsync(HttpMethod.Put, "/api/crucible/v1/deployments/swap", new JsonObject
        {
            ["routes"] = new JsonArray(new JsonObject { ["model"] = "swap", ["version"] = bad }),
        });

        Assert.True(status == 400, problem.ToJsonString());
        Assert.Contains("cannot be served", (string)problem["detail"]!, StringComparison.Ordinal);
        var answer = await server.OkAsync(HttpMethod.Post, "/v2/models/swap/infer", ScalerModels.Request(1, 1, 1, 1));
        Assert.Equal(good, (string)answer["model_version"]!);
    }

    [Fact]
    public async Task Bf16_is_advertised_accepted_and_answered_as_bf16()
    {
        var onnx = new OnnxModelBuilder()
            .Input("x", OnnxElementType.Bf16, "N", 2)
            .Output("y", OnnxElementType.Bf16, "N", 2)
            .Node("Identity", ["x"], ["y"])
            .ToBytes();
        var version = await server.RegisterAsync("bf16", onnx);
        await server.DeployAsync("bf16", "bf16", version);
        await server.WaitReadyAsync("bf16");

        var metadata = await server.OkAsync(HttpMethod.Get, "/v2/models/bf16");
        Assert.Equal("""[{"name":"x","datatype":"BF16","shape":[-1,2]}]""", metadata["inputs"]!.ToJsonString());
        Assert.Equal("""[{"name":"y","datatype":"BF16","shape":[-1,2]}]""", metadata["outputs"]!.ToJsonString());

        var answer = await server.OkAsync(HttpMethod.Post, "/v2/models/bf16/infer", Request("BF16", 1.5, -2, 3.25, 0.1));
        var output = answer["outputs"]![0]!;
        Assert.Equal("BF16", (string)output["datatype"]!);
        var data = output["data"]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.Equal([1.5, -2, 3.25], data[..3]);
        Assert.Equal(0.10009765625, data[3], 1e-7); // 0.1 rounded to the nearest bfloat16


        var (status, error) = await server.SendAsync(HttpMethod.Post, "/v2/models/bf16/infer", Request("FP32", 1, 2, 3, 4));
        Assert.Equal(400, status);
        Assert.Contains("expected datatype BF16, got FP32", (string)error["error"]!, StringComparison.Ordinal);
    }

    private Task<(int Status, JsonNode Body)> DeployAsync(string name, string version) =>
        server.SendAsync(HttpMethod.Post, "/api/crucible/v1/deployments", new JsonObject
        {
            ["name"] = name,
            ["routes"] = new JsonArray(new JsonObject { ["model"] = name, ["version"] = version }),
        });

    private static JsonObject Request(string datatype, params double[] values) => new()
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "x",
            ["shape"] = new JsonArray(2, 2),
            ["datatype"] = datatype,
            ["data"] = new JsonArray([.. values.Select(v => (JsonNode)v)]),
        }),
    };
}
