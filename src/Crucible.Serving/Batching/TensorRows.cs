using Crucible.Onnx.Model;
using Crucible.Onnx.Values;

namespace Crucible.Serving.Batching;

/// <summary>
/// Stacks tensors along their first dimension and cuts them apart again, for every element type. Concatenation
/// copies once into a fresh array; splitting slices the source without copying, so the parts are bit-identical
/// to the rows they came from.
/// </summary>
public static class TensorRows
{
    /// <summary>
    /// One tensor holding the rows of <paramref name="parts"/> in order. Every part needs the same element type,
    /// rank (at least 1) and dimensions after the first.
    /// </summary>
    public static OnnxTensor Concat(IReadOnlyList<OnnxTensor> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("nothing to concatenate", nameof(parts));
        }

        var first = parts[0];
        if (first.Shape.Count == 0)
        {
            throw new ArgumentException("scalars have no rows to concatenate", nameof(parts));
        }

        if (parts.Count == 1)
        {
            return first;
        }

        long rows = 0;
        foreach (var part in parts)
        {
            if (part.ElementType != first.ElementType || !SameRowShape(part.Shape, first.Shape))
            {
                throw new ArgumentException($"cannot stack {part} onto {first}: element type and row shape must match", nameof(parts));
            }

            rows += part.Shape[0];
        }

        var shape = first.Shape.ToArray();
        shape[0] = rows;
        var type = first.ElementType;
        return type switch
        {
            OnnxElementType.Fp32 => Concat<float>(parts, shape, type),
            OnnxElementType.Fp64 => Concat<double>(parts, shape, type),
            OnnxElementType.Fp16 => Concat<Half>(parts, shape, type),
            OnnxElementType.Bf16 or OnnxElementType.Uint16 => Concat<ushort>(parts, shape, type),
            OnnxElementType.Int64 => Concat<long>(parts, shape, type),
            OnnxElementType.Int32 => Concat<int>(parts, shape, type),
            OnnxElementType.Int16 => Concat<short>(parts, shape, type),
            OnnxElementType.Int8 => Concat<sbyte>(parts, shape, type),
            OnnxElementType.Uint64 => Concat<ulong>(parts, shape, type),
            OnnxElementType.Uint32 => Concat<uint>(parts, shape, type),
            OnnxElementType.Uint8 => Concat<byte>(parts, shape, type),
            OnnxElementType.Bool => Concat<bool>(parts, shape, type),
            OnnxElementType.Bytes => Concat<string>(parts, shape, type),
            _ => throw new NotSupportedException($"{type} tensors cannot be batched"),
        };
    }

    /// <summary>
    /// Cuts <paramref name="tensor"/> into consecutive parts of <paramref name="rowCounts"/> rows each; the counts
    /// must add up to its first dimension. The parts share the tensor's memory.
    /// </summary>
    public static OnnxTensor[] Split(OnnxTensor tensor, ReadOnlySpan<int> rowCounts)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.Shape.Count == 0)
        {
            throw new ArgumentException("a scalar has no rows to split", nameof(tensor));
        }

        long total = 0;
        foreach (var count in rowCounts)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(rowCounts));
            total += count;
        }

        if (total != tensor.Shape[0])
        {
            throw new ArgumentException($"{tensor} has {tensor.Shape[0]} rows, not the {total} asked for", nameof(rowCounts));
        }

        var type = tensor.ElementType;
        return type switch
        {
            OnnxElementType.Fp32 => Split<float>(tensor, rowCounts),
            OnnxElementType.Fp64 => Split<double>(tensor, rowCounts),
            OnnxElementType.Fp16 => Split<Half>(tensor, rowCounts),
            OnnxElementType.Bf16 or OnnxElementType.Uint16 => Split<ushort>(tensor, rowCounts),
            OnnxElementType.Int64 => Split<long>(tensor, rowCounts),
            OnnxElementType.Int32 => Split<int>(tensor, rowCounts),
            OnnxElementType.Int16 => Split<short>(tensor, rowCounts),
            OnnxElementType.Int8 => Split<sbyte>(tensor, rowCounts),
            OnnxElementType.Uint64 => Split<ulong>(tensor, rowCounts),
            OnnxElementType.Uint32 => Split<uint>(tensor, rowCounts),
            OnnxElementType.Uint8 => Split<byte>(tensor, rowCounts),
            OnnxElementType.Bool => Split<bool>(tensor, rowCounts),
            OnnxElementType.Bytes => Split<string>(tensor, rowCounts),
            _ => throw new NotSupportedException($"{type} tensors cannot be split"),
        };
    }

    /// <summary>True when both shapes have the same rank and agree on every dimension after the first.</summary>
    internal static bool SameRowShape(IReadOnlyList<long> a, IReadOnlyList<long> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 1; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private static OnnxTensor<T> Concat<T>(IReadOnlyList<OnnxTensor> parts, long[] shape, OnnxElementType type)
    {
        var length = 0;
        foreach (var part in parts)
        {
            length = checked(length + part.Length);
        }

        var data = GC.AllocateUninitializedArray<T>(length);
        var offset = 0;
        foreach (var part in parts)
        {
            var span = part.AsSpan<T>();
            span.CopyTo(data.AsSpan(offset));
            offset += span.Length;
        }

        return new OnnxTensor<T>(data, shape, type);
    }

    private static OnnxTensor[] Split<T>(OnnxTensor tensor, ReadOnlySpan<int> rowCounts)
    {
        var data = tensor.As<T>().Data;
        var rows = tensor.Shape[0];
        var rowLength = rows == 0 ? 0 : (int)(data.Length / rows);
        var parts = new OnnxTensor[rowCounts.Length];
        var offset = 0;
        for (var i = 0; i < rowCounts.Length; i++)
        {
            var shape = tensor.Shape.ToArray();
            shape[0] = rowCounts[i];
            var length = rowCounts[i] * rowLength;
            parts[i] = new OnnxTensor<T>(data.Slice(offset, length), shape, tensor.ElementType);
            offset += length;
        }

        return parts;
    }
}
