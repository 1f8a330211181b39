using System.Runtime.InteropServices;
using Crucible.Core.Errors;
using Crucible.Onnx.Proto;
using Google.Protobuf;
using DataType = Crucible.Onnx.Proto.TensorProto.Types.DataType;

namespace Crucible.Optimization.Graph;

/// <summary>Reads and writes the numbers inside a <see cref="TensorProto"/> (raw little-endian data or the typed field).</summary>
internal static class TensorData
{
    public static bool IsFloat(TensorProto tensor) => tensor.DataType == (int)DataType.Float;

    public static long[] Dims(TensorProto tensor) => [.. tensor.Dims];

    public static long Count(TensorProto tensor) => tensor.Dims.Aggregate(1L, (a, d) => a * d);

    /// <summary>The tensor's float values; it must be a FLOAT tensor with its data in the file.</summary>
    public static float[] Floats(TensorProto tensor)
    {
        if (!IsFloat(tensor))
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, $"initializer '{tensor.Name}' is not FLOAT");
        }

        var values = tensor.RawData.Length > 0
            ? MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray()
            : [.. tensor.FloatData];
        if (values.Length != Count(tensor))
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, $"initializer '{tensor.Name}' holds {values.Length} values but its shape holds {Count(tensor)}");
        }

        return values;
    }

    public static TensorProto Create<T>(string name, DataType type, ReadOnlySpan<T> values, params ReadOnlySpan<long> dims)
        where T : unmanaged
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        foreach (var d in dims)
        {
            tensor.Dims.Add(d);
        }

        return tensor;
    }

    public static TensorProto Floats(string name, ReadOnlySpan<float> values, params ReadOnlySpan<long> dims) => Create(name, DataType.Float, values, dims);

    public static TensorProto Scalar(string name, float value) => Create(name, DataType.Float, [value]);
}
