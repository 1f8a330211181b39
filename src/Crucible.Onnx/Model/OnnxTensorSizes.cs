using Crucible.Onnx.Proto;

namespace Crucible.Onnx.Model;

/// <summary>Computes how many bytes of data a <see cref="TensorProto"/> carries, wherever it is stored.</summary>
internal static class OnnxTensorSizes
{
    public static long DataBytes(TensorProto t)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
        {
            foreach (var e in t.ExternalData)
            {
                if (e.Key == "length" && long.TryParse(e.Value, System.Globalization.CultureInfo.InvariantCulture, out var length))
                {
                    return length;
                }
            }

            // Without an explicit length the file holds exactly the tensor, so the size follows from the shape.
            return ElementCount(t) * ((OnnxElementType)t.DataType).SizeInBytes();
        }

        if (!t.RawData.IsEmpty)
        {
            return t.RawData.Length;
        }

        if (t.DataType == (int)OnnxElementType.Bytes)
        {
            return t.StringData.Sum(s => (long)s.Length);
        }

        // Typed fields widen narrow types (int32_data holds int8/fp16...), so count elements, not field bytes.
        long count = t.FloatData.Count + t.Int32Data.Count + t.Int64Data.Count + t.DoubleData.Count + t.Uint64Data.Count;
        var type = (OnnxElementType)t.DataType;
        return type is OnnxElementType.Complex64 or OnnxElementType.Complex128
            ? count * type.SizeInBytes() / 2
            : count * type.SizeInBytes();
    }

    private static long ElementCount(TensorProto t)
    {
        long n = 1;
        foreach (var d in t.Dims)
        {
            n *= d;
        }

        return n;
    }
}
