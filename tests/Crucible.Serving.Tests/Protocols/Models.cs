using System.Buffers;
using System.Text;
using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Tests.Protocols;

/// <summary>Signatures and helpers shared by the codec tests; no ONNX Runtime needed.</summary>
internal static class Models
{
    /// <summary>One FP32 input x[N,4], one output y[N] and a ZipMap-like non-tensor output.</summary>
    public static ModelSignature Iris { get; } = new(
        [new OnnxValueInfo("x", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 4))],
        [
            new OnnxValueInfo("label", OnnxValueType.Tensor(OnnxElementType.Int64, "N")),
            new OnnxValueInfo("probabilities", OnnxValueType.Sequence(OnnxValueType.Map(OnnxElementType.Int64, OnnxValueType.Tensor(OnnxElementType.Fp32)))),
        ]);

    /// <summary>A string column and a numeric column: city[N,1] BYTES, size[N] FP64.</summary>
    public static ModelSignature Houses { get; } = new(
        [
            new OnnxValueInfo("city", OnnxValueType.Tensor(OnnxElementType.Bytes, "N", 1)),
            new OnnxValueInfo("size", OnnxValueType.Tensor(OnnxElementType.Fp64, "N")),
        ],
        [new OnnxValueInfo("price", OnnxValueType.Tensor(OnnxElementType.Fp32, "N", 1))]);

    public static ModelSignature Single(OnnxElementType type, params OnnxDimension[] shape) => new(
        [new OnnxValueInfo("x", OnnxValueType.Tensor(type, shape))],
        [new OnnxValueInfo("y", OnnxValueType.Tensor(type, shape))]);

    public static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>Single quotes stand for double quotes, to keep test JSON readable.</summary>
    public static byte[] Json(string json) => Encoding.UTF8.GetBytes(json.Replace('\'', '"'));

    public static string Invalid(Action action)
    {
        var e = Assert.Throws<CrucibleException>(action);
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        return e.Message;
    }

    public static string Write(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static object?[] Data(OnnxTensor tensor) => tensor.ElementType switch
    {
        OnnxElementType.Fp32 => Box(tensor.AsSpan<float>()),
        OnnxElementType.Fp64 => Box(tensor.AsSpan<double>()),
        OnnxElementType.Fp16 => Box(tensor.AsSpan<Half>()),
        OnnxElementType.Bf16 or OnnxElementType.Uint16 => Box(tensor.AsSpan<ushort>()),
        OnnxElementType.Int64 => Box(tensor.AsSpan<long>()),
        OnnxElementType.Int32 => Box(tensor.AsSpan<int>()),
        OnnxElementType.Int16 => Box(tensor.AsSpan<short>()),
        OnnxElementType.Int8 => Box(tensor.AsSpan<sbyte>()),
        OnnxElementType.Uint64 => Box(tensor.AsSpan<ulong>()),
        OnnxElementType.Uint32 => Box(tensor.AsSpan<uint>()),
        OnnxElementType.Uint8 => Box(tensor.AsSpan<byte>()),
        OnnxElementType.Bool => Box(tensor.AsSpan<bool>()),
        OnnxElementType.Bytes => Box(tensor.AsSpan<string>()),
        _ => throw new NotSupportedException(),
    };

    public static void AssertSame(OnnxTensor expected, OnnxTensor actual)
    {
        Assert.Equal(expected.ElementType, actual.ElementType);
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.Equal(Data(expected), Data(actual));
    }

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    private static object?[] Box<T>(ReadOnlySpan<T> data)
    {
        var result = new object?[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            result[i] = data[i];
        }

        return result;
    }
}
