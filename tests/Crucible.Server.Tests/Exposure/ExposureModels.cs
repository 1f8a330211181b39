using System.Text.Json.Nodes;
using Crucible.Onnx.Model;
using Crucible.Onnx.Writing;

namespace Crucible.Server.Tests.Exposure;

/// <summary>Small ONNX models for the output-control tests, built in memory like the repo's other test models.</summary>
internal static class ExposureModels
{
    /// <summary>Three classes: x [N, 2] → "probabilities" (FP32 [N, 3], softmax of x·W) and "label" (INT64 [N, 1], its argmax).</summary>
    public static byte[] ThreeClasses() => new OnnxModelBuilder()
        .Input("x", OnnxElementType.Fp32, "N", 2)
        .Output("label", OnnxElementType.Int64, "N", 1)
        .Output("probabilities", OnnxElementType.Fp32, "N", 3)
        .Initializer("w", [1f, -1f, 0.5f, 0.3f, 2f, -0.7f], 2, 3)
        .Node("MatMul", ["x", "w"], ["z"])
        .Node("Softmax", ["z"], ["probabilities"], a => a.Int("axis", 1))
        .Node("ArgMax", ["z"], ["label"], a => a.Int("axis", 1).Int("keepdims", 1))
        .ToBytes();

    /// <summary>Scores only: x [N, 2] → "scores" (FP32 [N, 2] = 2x); nothing a label-only deployment could return.</summary>
    public static byte[] ScoresOnly() => new OnnxModelBuilder()
        .Input("x", OnnxElementType.Fp32, "N", 2)
        .Output("scores", OnnxElementType.Fp32, "N", 2)
        .Initializer("two", [2f], 1)
        .Node("Mul", ["x", "two"], ["scores"])
        .ToBytes();

    /// <summary>Rows of the three-class model's input whose probabilities have many decimals.</summary>
    public static readonly float[][] Rows = [[0.37f, 1.21f], [-0.83f, 0.29f], [1.7f, -0.4f]];

    public static JsonObject OipRequest(float[][] rows, params string[] outputs)
    {
        var request = new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "x",
                ["shape"] = new JsonArray(rows.Length, rows[0].Length),
                ["datatype"] = "FP32",
                ["data"] = new JsonArray([.. rows.SelectMany(r => r).Select(v => (JsonNode)v)]),
            }),
        };
        if (outputs.Length > 0)
        {
            request["outputs"] = new JsonArray([.. outputs.Select(o => (JsonNode)new JsonObject { ["name"] = o })]);
        }

        return request;
    }

    public static JsonObject Instances(float[][] rows) =>
        new() { ["instances"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonArray([.. r.Select(v => (JsonNode)v)]))]) };

    public static string Csv(float[][] rows) =>
        "a,b\n" + string.Concat(rows.Select(r => string.Join(',', r.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n"));

    /// <summary>An OIP answer's output by name: its data as doubles.</summary>
    public static double[] OipData(JsonNode answer, string output) =>
        [.. answer["outputs"]!.AsArray().Single(o => (string)o!["name"]! == output)!["data"]!.AsArray().Select(v => v!.GetValue<double>())];

    /// <summary>A deployment body of one route with the given exposure (null: none).</summary>
    public static JsonObject Deployment(string name, string model, string version, JsonObject? exposure) => new()
    {
        ["name"] = name,
        ["routes"] = new JsonArray(new JsonObject { ["model"] = model, ["version"] = version }),
        ["exposure"] = exposure,
    };
}
