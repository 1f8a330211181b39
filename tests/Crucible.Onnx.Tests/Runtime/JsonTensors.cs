using System.Text.Json;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;

namespace Crucible.Onnx.Tests.Runtime;

/// <summary>Converts expected.json tensors to inputs and compares outputs with them.</summary>
internal static class JsonTensors
{
    public static OnnxTensor ToTensor(JsonElement json)
    {
        var shape = json.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        var data = json.GetProperty("data");
        return json.GetProperty("datatype").GetString() switch
        {
            "FP32" => OnnxTensor.FromArray(data.EnumerateArray().Select(v => v.GetSingle()).ToArray(), shape),
            "INT64" => OnnxTensor.FromArray(data.EnumerateArray().Select(v => v.GetInt64()).ToArray(), shape),
            "BYTES" => OnnxTensor.FromArray(data.EnumerateArray().Select(v => v.GetString()!).ToArray(), shape),
            var other => throw new NotSupportedException(other),
        };
    }

    public static void AssertMatches(JsonElement expected, OnnxValue actual)
    {
        if (expected.TryGetProperty("kind", out var kind) && kind.GetString() == "seq_map")
        {
            AssertSeqMap(expected.GetProperty("data"), actual.AsSequence());
            return;
        }

        var tensor = actual.AsTensor();
        var shape = expected.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        Assert.Equal(shape, tensor.Shape);
        var data = expected.GetProperty("data").EnumerateArray().ToArray();
        switch (expected.GetProperty("datatype").GetString())
        {
            case "FP32":
                AssertClose(data.Select(v => v.GetDouble()).ToArray(), tensor.AsSpan<float>().ToArray().Select(f => (double)f).ToArray());
                break;
            case "INT64":
                Assert.Equal(data.Select(v => v.GetInt64()), tensor.ToArray<long>());
                break;
            case "BYTES":
                Assert.Equal(data.Select(v => v.GetString()), tensor.ToArray<string>());
                break;
            default:
                throw new NotSupportedException();
        }
    }

    public static void AssertClose(double[] expected, double[] actual, double relative = 1e-5, double absolute = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = Math.Max(absolute, relative * Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static void AssertSeqMap(JsonElement rows, OnnxSequence actual)
    {
        var expectedRows = rows.EnumerateArray().ToArray();
        Assert.Equal(expectedRows.Length, actual.Items.Count);
        for (var r = 0; r < expectedRows.Length; r++)
        {
            var map = actual.Items[r].AsMap();
            var keys = map.Keys.ElementType == OnnxElementType.Int64
                ? map.Keys.ToArray<long>().Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()
                : map.Keys.ToArray<string>();
            var values = map.Values.ToArray<float>();
            var expected = expectedRows[r].EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
            for (var i = 0; i < keys.Length; i++)
            {
                AssertClose([expected[keys[i]]], [values[i]]);
            }
        }
    }
}
