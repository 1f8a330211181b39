using System.Text.Json.Nodes;
using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;
using Crucible.Server.Tests.Registry;

namespace Crucible.Server.Tests.Serving;

/// <summary>
/// Every committed fixture model (made by Debian's python3-onnx, an independent producer) answers over HTTP exactly
/// what ONNX Runtime answers in-process for the same inputs, through both protocols.
/// </summary>
public sealed class FixtureCorrectnessTests(ServingServer server) : IClassFixture<ServingServer>
{
    public static TheoryData<string> Models => ["mlp", "linear_classifier", "tree_classifier", "linear_regressor", "tree_regressor", "label_encoder"];

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Open_inference_outputs_equal_direct_onnx_runtime_outputs(string model)
    {
        var (inputs, expected) = await DeployAndRunDirectAsync(model, "oip");
        var body = new JsonObject
        {
            ["id"] = "req-" + model,
            ["inputs"] = new JsonArray([.. inputs.Select(i => (JsonNode)new JsonObject
            {
                ["name"] = i.Name,
                ["shape"] = new JsonArray([.. i.Tensor.Shape.Select(d => (JsonNode)d)]),
                ["datatype"] = i.Tensor.ElementType.ToOipDatatype(),
                ["data"] = Data(i.Tensor),
            })]),
        };

        var answer = await server.OkAsync(HttpMethod.Post, $"/v2/models/{model}-oip/infer", body);

        Assert.Equal($"{model}-oip", (string)answer["model_name"]!);
        Assert.Equal("1", (string)answer["model_version"]!);
        Assert.Equal("req-" + model, (string)answer["id"]!);
        var outputs = answer["outputs"]!.AsArray();
        Assert.Equal(expected.Keys.Order(), outputs.Select(o => (string)o!["name"]!).Order());
        foreach (var output in outputs)
        {
            var tensor = expected[(string)output!["name"]!];
            Assert.Equal(tensor.ElementType.ToOipDatatype(), (string)output["datatype"]!);
            Assert.Equal(tensor.Shape, output["shape"]!.AsArray().Select(d => (long)d!));
            Assert.Equal(Data(tensor).ToJsonString(), output["data"]!.ToJsonString());
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Mlflow_invocations_predictions_equal_direct_onnx_runtime_outputs(string model)
    {
        var (inputs, expected) = await DeployAndRunDirectAsync(model, "mlflow");
        var input = inputs.Single();
        var rows = Rows(input.Tensor);
        var answer = await server.OkAsync(HttpMethod.Post, $"/deployments/{model}-mlflow/invocations", new JsonObject { ["instances"] = rows });

        var predictions = answer["predictions"]!;
        if (expected.Count == 1)
        {
            Assert.Equal(Rows(expected.Values.Single()).ToJsonString(), predictions.ToJsonString());
        }
        else
        {
            foreach (var (name, tensor) in expected)
            {
                Assert.Equal(Rows(tensor).ToJsonString(), predictions[name]!.ToJsonString());
            }
        }
    }

    private async Task<(IReadOnlyList<(string Name, OnnxTensor Tensor)> Inputs, Dictionary<string, OnnxTensor> Expected)> DeployAndRunDirectAsync(string model, string suffix)
    {
        var bytes = ServingServer.Fixture(model + ".onnx");
        var version = await server.RegisterAsync($"{model}-{suffix}", bytes);
        await server.DeployAsync($"{model}-{suffix}", $"{model}-{suffix}", version);
        await server.WaitReadyAsync($"{model}-{suffix}");

        using var session = new OnnxSession(bytes);
        var run = JsonNode.Parse(File.ReadAllText(RegistryServer.Fixture("expected.json")))![model]!["run"]!["inputs"]!.AsObject();
        var inputs = run.Select(p => (p.Key, Tensor(session.Inputs.Single(i => i.Name == p.Key).Type.ElementType, p.Value!))).ToArray();
        var tensorOutputs = session.Outputs.Where(o => o.Type.Kind == OnnxValueKind.Tensor).Select(o => o.Name).ToArray();
        var direct = session.Run(inputs.Select(i => KeyValuePair.Create(i.Key, i.Item2)), tensorOutputs);
        return (inputs.Select(i => (i.Key, i.Item2)).ToArray(), direct.ToDictionary(d => d.Key, d => d.Value.AsTensor()));
    }

    private static OnnxTensor Tensor(OnnxElementType type, JsonNode spec)
    {
        var shape = spec["shape"]!.AsArray().Select(d => (long)d!).ToArray();
        var data = spec["data"]!.AsArray();
        return type switch
        {
            OnnxElementType.Fp32 => OnnxTensor.FromArray(data.Select(v => (float)(double)v!).ToArray(), shape),
            OnnxElementType.Bytes => OnnxTensor.FromArray(data.Select(v => (string)v!).ToArray(), shape),
            _ => throw new InvalidOperationException($"fixture input type {type} not handled"),
        };
    }

    /// <summary>Flat data as JSON, with floats written the way the server writes them (shortest round-trip text).</summary>
    private static JsonArray Data(OnnxTensor tensor) => tensor.ElementType switch
    {
        OnnxElementType.Fp32 => new JsonArray([.. tensor.ToArray<float>().Select(v => (JsonNode)v)]),
        OnnxElementType.Int64 => new JsonArray([.. tensor.ToArray<long>().Select(v => (JsonNode)v)]),
        OnnxElementType.Bytes => new JsonArray([.. tensor.ToArray<string>().Select(v => (JsonNode)v)]),
        _ => throw new InvalidOperationException($"fixture output type {tensor.ElementType} not handled"),
    };

    /// <summary>Per-row values: a scalar per row for rank 1, a list per row for rank 2.</summary>
    private static JsonArray Rows(OnnxTensor tensor)
    {
        var flat = Data(tensor);
        if (tensor.Shape.Count == 1)
        {
            return flat;
        }

        var width = (int)tensor.Shape[1];
        var rows = new JsonArray();
        for (var r = 0; r < tensor.Shape[0]; r++)
        {
            rows.Add(new JsonArray([.. Enumerable.Range(r * width, width).Select(i => flat[i]!.DeepClone())]));
        }

        return rows;
    }
}
