using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;

namespace Crucible.Server.Tests.Serving;

/// <summary>Tiny models whose answer says which one ran: y = k · x for x of shape [N, 4].</summary>
internal static class ScalerModels
{
    public static byte[] Scaler(float k) => new OnnxModelBuilder()
        .Input("x", OnnxElementType.Fp32, "N", 4)
        .Output("y", OnnxElementType.Fp32, "N", 4)
        .Initializer("k", [k], 1)
        .Node("Mul", ["x", "k"], ["y"])
        .ToBytes();

    public static System.Text.Json.Nodes.JsonObject Request(params float[] row) => new()
    {
        ["inputs"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "x",
            ["shape"] = new System.Text.Json.Nodes.JsonArray(1, 4),
            ["datatype"] = "FP32",
            ["data"] = new System.Text.Json.Nodes.JsonArray([.. row.Select(v => (System.Text.Json.Nodes.JsonNode)v)]),
        }),
    };
}
