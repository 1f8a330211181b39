using System.Text.Json;
using Crucible.Onnx.Model;
using Crucible.Onnx.Values;

namespace Crucible.Serving.Protocols;

/// <summary>
/// Writes tensors as the Open Inference Protocol does: <c>"datatype"</c>, <c>"shape"</c> and flat row-major
/// <c>"data"</c>. Shared by the OIP response writer and the prediction log. Non-finite floats, which JSON numbers
/// cannot carry, are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>; BF16 (datatype <c>"BF16"</c>,
/// as Triton spells it) as the float value of each element.
/// </summary>
public static partial class TensorJson
{
    /// <summary>Writes the three properties into the object the writer is in.</summary>
    public static void WriteFields(Utf8JsonWriter writer, OnnxTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tensor);
        writer.WriteString("datatype", tensor.ElementType.ToOipDatatype());
        writer.WriteStartArray("shape");
        foreach (var d in tensor.Shape)
        {
            writer.WriteNumberValue(d);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("data");
        WriteData(writer, tensor);
    }

    /// <summary>Writes the elements as one flat JSON array.</summary>
    public static void WriteData(Utf8JsonWriter writer, OnnxTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tensor);
        writer.WriteStartArray();
        switch (tensor.ElementType)
        {
            case OnnxElementType.Fp32:
                foreach (var v in tensor.AsSpan<float>())
                {
                    WriteFloat(writer, v);
                }

                break;
            case OnnxElementType.Fp64:
                foreach (var v in tensor.AsSpan<double>())
                {
                    WriteFloat(writer, v);
                }

                break;
            case OnnxElementType.Fp16:
                foreach (var v in tensor.AsSpan<Half>())
                {
                    WriteFloat(writer, (float)v);
                }

                break;
            case OnnxElementType.Bf16:
                foreach (var v in tensor.AsSpan<ushort>())
                {
                    WriteFloat(writer, BitConverter.Int32BitsToSingle(v << 16));
                }

                break;
            case OnnxElementType.Int64:
                foreach (var v in tensor.AsSpan<long>())
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case OnnxElementType.Int32:
                foreach (var v in tensor.AsSpan<int>())
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case OnnxElementType.Int16:
                foreach (var v in tensor.AsSpan<short>())
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case OnnxElementType.Int8:
                foreach (var v in tensor.AsSpan<sbyte>())
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case OnnxElementType.Uint64:
                foreach (var v in tensor.AsSpan<ulong>())
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case OnnxElementType.Uint32:
                foreach (var v in tensor.AsSpan<uint>())
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case OnnxElementType.Uint16:
                foreach (var v in tensor.AsSpan<ushort>())
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case OnnxElementType.Uint8:
                foreach (var v in tensor.AsSpan<byte>())
                {
                    writer.WriteNumberValue(v);
                }

                break;
            case OnnxElementType.Bool:
                foreach (var v in tensor.AsSpan<bool>())
                {
                    writer.WriteBooleanValue(v);
                }

                break;
            case OnnxElementType.Bytes:
                foreach (var v in tensor.AsSpan<string>())
                {
                    writer.WriteStringValue(v);
                }

                break;
            default:
                throw new NotSupportedException($"{tensor.ElementType} tensors have no JSON form");
        }

        writer.WriteEndArray();
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
