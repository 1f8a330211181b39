using System.Runtime.CompilerServices;
using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;

namespace Crucible.Serving.Protocols;

/// <summary>Reads a JSON tensor value into a freshly allocated typed array and wraps it in an <see cref="OnnxTensor{T}"/>.</summary>
internal static class JsonTensorReader
{
    /// <summary>
    /// Reads the value the reader is on as a tensor of <paramref name="shape"/> (<paramref name="count"/> elements,
    /// already checked against the limits).
    /// </summary>
    public static OnnxTensor Read(ref Utf8JsonReader reader, long[] shape, int count, in ElementContext context, bool allowScalar = false) => context.Type switch
    {
        OnnxElementType.Fp32 => Typed<float>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Fp64 => Typed<double>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Fp16 => Typed<Half>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Bf16 => Typed<ushort>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Int64 => Typed<long>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Int32 => Typed<int>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Int16 => Typed<short>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Int8 => Typed<sbyte>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Uint64 => Typed<ulong>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Uint32 => Typed<uint>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Uint16 => Typed<ushort>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Uint8 => Typed<byte>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Bool => Typed<bool>(ref reader, shape, count, context, allowScalar),
        OnnxElementType.Bytes => Typed<string>(ref reader, shape, count, context, allowScalar),
        _ => throw CrucibleException.Invalid($"input '{context.Input}': datatype {context.Datatype} is not supported"),
    };

    /// <summary>An array for <paramref name="count"/> elements that the caller fills completely.</summary>
    public static T[] Allocate<T>(int count) =>
        count == 0 ? [] : RuntimeHelpers.IsReferenceOrContainsReferences<T>() ? new T[count] : GC.AllocateUninitializedArray<T>(count);

    public static OnnxTensor<T> Wrap<T>(T[] data, long[] shape, OnnxElementType type) =>
        type == OnnxElementType.Bf16 ? new OnnxTensor<T>(data, shape, type) : new OnnxTensor<T>(data, shape);

    private static OnnxTensor<T> Typed<T>(ref Utf8JsonReader reader, long[] shape, int count, in ElementContext context, bool allowScalar)
    {
        var data = Allocate<T>(count);
        TensorDataReader.Read(ref reader, shape, data.AsSpan(), context, allowScalar);
        return Wrap(data, shape, context.Type);
    }
}
