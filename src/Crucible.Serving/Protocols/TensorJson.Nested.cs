using System.Runtime.CompilerServices;
using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Inference;

namespace Crucible.Serving.Protocols;

/// <summary>Nested (per-row) tensor writing, for MLflow's <c>{"predictions": ...}</c>.</summary>
public static partial class TensorJson
{
    /// <summary>
    /// Writes one JSON value per row (first dimension): a scalar when the tensor is <c>[N]</c>, else a nested list by
    /// the remaining dimensions. A scalar tensor is written as a one-element list.
    /// </summary>
    public static void WriteRows(Utf8JsonWriter writer, OnnxTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tensor);
        var shape = tensor.Shape;
        Span<long> dims = stackalloc long[Math.Max(shape.Count, 1)];
        if (shape.Count == 0)
        {
            dims[0] = 1;
        }
        else
        {
            for (var i = 0; i < shape.Count; i++)
            {
                dims[i] = shape[i];
            }
        }

        if (shape.Count == 0 || dims.Length == 1)
        {
            WriteData(writer, tensor);
            return;
        }

        switch (tensor.ElementType)
        {
            case OnnxElementType.Fp32: Nested(writer, tensor.AsSpan<float>(), dims); break;
            case OnnxElementType.Fp64: Nested(writer, tensor.AsSpan<double>(), dims); break;
            case OnnxElementType.Fp16: Nested(writer, tensor.AsSpan<Half>(), dims); break;
            case OnnxElementType.Bf16: NestedBf16(writer, tensor.AsSpan<ushort>(), dims); break;
            case OnnxElementType.Int64: Nested(writer, tensor.AsSpan<long>(), dims); break;
            case OnnxElementType.Int32: Nested(writer, tensor.AsSpan<int>(), dims); break;
            case OnnxElementType.Int16: Nested(writer, tensor.AsSpan<short>(), dims); break;
            case OnnxElementType.Int8: Nested(writer, tensor.AsSpan<sbyte>(), dims); break;
            case OnnxElementType.Uint64: Nested(writer, tensor.AsSpan<ulong>(), dims); break;
            case OnnxElementType.Uint32: Nested(writer, tensor.AsSpan<uint>(), dims); break;
            case OnnxElementType.Uint16: Nested(writer, tensor.AsSpan<ushort>(), dims); break;
            case OnnxElementType.Uint8: Nested(writer, tensor.AsSpan<byte>(), dims); break;
            case OnnxElementType.Bool: Nested(writer, tensor.AsSpan<bool>(), dims); break;
            case OnnxElementType.Bytes: Nested(writer, tensor.AsSpan<string>(), dims); break;
            default: throw new NotSupportedException($"{tensor.ElementType} tensors have no JSON form");
        }
    }

    /// <summary>Refuses (400) what has no JSON tensor form: non-tensor values and element types such as complex.</summary>
    internal static void CheckWritable(InferenceOutput output)
    {
        if (output.Value is not OnnxTensor tensor)
        {
            throw CrucibleException.Invalid(
                $"output '{output.Name}' is a {output.Value?.Kind.ToString().ToLowerInvariant() ?? "null"}, not a tensor; only tensor outputs can be returned");
        }

        if (tensor.ElementType is OnnxElementType.Undefined or OnnxElementType.Complex64 or OnnxElementType.Complex128)
        {
            throw CrucibleException.Invalid($"output '{output.Name}' has element type {tensor.ElementType.ToOipDatatype()}, which has no JSON form");
        }
    }

    private static void Nested<T>(Utf8JsonWriter writer, ReadOnlySpan<T> data, ReadOnlySpan<long> dims)
    {
        if (dims.Length == 1)
        {
            writer.WriteStartArray();
            foreach (var v in data)
            {
                WriteValue(writer, v);
            }

            writer.WriteEndArray();
            return;
        }

        var stride = data.Length / Math.Max(dims[0], 1);
        writer.WriteStartArray();
        for (var i = 0L; i < dims[0]; i++)
        {
            Nested(writer, data.Slice((int)(i * stride), (int)stride), dims[1..]);
        }

        writer.WriteEndArray();
    }

    private static void NestedBf16(Utf8JsonWriter writer, ReadOnlySpan<ushort> data, ReadOnlySpan<long> dims)
    {
        var floats = new float[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            floats[i] = BitConverter.Int32BitsToSingle(data[i] << 16);
        }

        Nested<float>(writer, floats, dims);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteValue<T>(Utf8JsonWriter writer, T value)
    {
        if (typeof(T) == typeof(float)) { WriteFloat(writer, Unsafe.As<T, float>(ref value)); }
        else if (typeof(T) == typeof(double)) { WriteFloat(writer, Unsafe.As<T, double>(ref value)); }
        else if (typeof(T) == typeof(Half)) { WriteFloat(writer, (float)Unsafe.As<T, Half>(ref value)); }
        else if (typeof(T) == typeof(long)) { writer.WriteNumberValue(Unsafe.As<T, long>(ref value)); }
        else if (typeof(T) == typeof(int)) { writer.WriteNumberValue(Unsafe.As<T, int>(ref value)); }
        else if (typeof(T) == typeof(short)) { writer.WriteNumberValue(Unsafe.As<T, short>(ref value)); }
        else if (typeof(T) == typeof(sbyte)) { writer.WriteNumberValue(Unsafe.As<T, sbyte>(ref value)); }
        else if (typeof(T) == typeof(ulong)) { writer.WriteNumberValue(Unsafe.As<T, ulong>(ref value)); }
        else if (typeof(T) == typeof(uint)) { writer.WriteNumberValue(Unsafe.As<T, uint>(ref value)); }
        else if (typeof(T) == typeof(ushort)) { writer.WriteNumberValue(Unsafe.As<T, ushort>(ref value)); }
        else if (typeof(T) == typeof(byte)) { writer.WriteNumberValue(Unsafe.As<T, byte>(ref value)); }
        else if (typeof(T) == typeof(bool)) { writer.WriteBooleanValue(Unsafe.As<T, bool>(ref value)); }
        else if (typeof(T) == typeof(string)) { writer.WriteStringValue(Unsafe.As<T, string>(ref value)); }
    }
}
