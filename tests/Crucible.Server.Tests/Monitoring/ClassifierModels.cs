using System.Text.Json.Nodes;
using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;

namespace Crucible.Server.Tests.Monitoring;

/// <summary>
/// A logistic classifier as sklearn-onnx exports one: x [N, 4] → "label" (INT64 [N, 1], p ≥ 0.5) and "probabilities"
/// (FP32 [N, 2] = [1 − p, p]) with p = sigmoid(x · w + b).
/// </summary>
internal static class ClassifierModels
{
    public static readonly float[] Weights = [1.5f, -1f, 0.5f, 0.75f];
    public const float Bias = 0.1f;

    public static byte[] Logistic() => new OnnxModelBuilder()
        .Input("x", OnnxElementType.Fp32, "N", 4)
        .Output("label", OnnxElementType.Int64, "N", 1)
        .Output("probabilities", OnnxElementType.Fp32, "N", 2)
        .Initializer("w", Weights, 4, 1)
        .Initializer("b", [Bias], 1)
        .Initializer("one", [1f], 1)
        .Initializer("half", [0.5f], 1)
        .Node("MatMul", ["x", "w"], ["xw"])
        .Node("Add", ["xw", "b"], ["z"])
        .Node("Sigmoid", ["z"], ["p"])
        .Node("Sub", ["one", "p"], ["q"])
        .Node("Concat", ["q", "p"], ["probabilities"], a => a.Int("axis", 1))
        .Node("Less", ["p", "half"], ["below"])
        .Node("Not", ["below"], ["positive"])
        .Node("Cast", ["positive"], ["label"], a => a.Int("to", 7))
        .ToBytes();

    /// <summary>A one-row OIP request with the client's request id.</summary>
    public static JsonObject Request(string id, float[] row) => new()
    {
        ["id"] = id,
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = "x",
            ["shape"] = new JsonArray(1, 4),
            ["datatype"] = "FP32",
            ["data"] = new JsonArray([.. row.Select(v => (JsonNode)v)]),
        }),
    };
}
