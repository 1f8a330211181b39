using Crucible.Onnx.Model;
using Crucible.Onnx.Values;
using Crucible.Serving.Batching;

namespace Crucible.Serving.Tests.Batching;

public sealed class TensorRowsTests
{
    public static TheoryData<OnnxElementType> ElementTypes => new(
        OnnxElementType.Fp32, OnnxElementType.Fp64, OnnxElementType.Fp16, OnnxElementType.Bf16, OnnxElementType.Int64,
        OnnxElementType.Int32, OnnxElementType.Int16, OnnxElementType.Int8, OnnxElementType.Uint64, OnnxElementType.Uint32,
        OnnxElementType.Uint16, OnnxElementType.Uint8, OnnxElementType.Bool, OnnxElementType.Bytes);

    [Theory]
    [MemberData(nameof(ElementTypes))]
    public void Concat_then_split_gives_back_every_part_exactly(OnnxElementType type)
    {
        int[] rows = [1, 3, 0, 2];
        var next = 0;
        var parts = rows.Select(r => Make(type, r, ref next)).ToArray();

        var merged = TensorRows.Concat(parts);
        var split = TensorRows.Split(merged, rows);

        Assert.Equal(type, merged.ElementType);
        Assert.Equal([6L, 2, 3], merged.Shape);
        Assert.Equal(rows.Length, split.Length);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(type, split[i].ElementType);
            Assert.Equal(parts[i].Shape, split[i].Shape);
            Assert.Equal(Elements(parts[i]), Elements(split[i]));
        }
    }

    [Fact]
    public void Parts_with_different_row_shapes_or_types_are_refused()
    {
        var a = OnnxTensor.FromArray(new float[4], 1, 4);
        var b = OnnxTensor.FromArray(new float[6], 2, 3);
        var c = OnnxTensor.FromArray(new double[4], 1, 4);

        Assert.Throws<ArgumentException>(() => TensorRows.Concat([a, b]));
        Assert.Throws<ArgumentException>(() => TensorRows.Concat([a, c]));
        Assert.Throws<ArgumentException>(() => TensorRows.Concat([OnnxTensor.FromArray(new float[1]), a]));
    }

    [Fact]
    public void Split_refuses_counts_that_do_not_add_up_to_the_rows()
    {
        var t = OnnxTensor.FromArray(new float[8], 4, 2);

        Assert.Throws<ArgumentException>(() => TensorRows.Split(t, [1, 2]));
        Assert.Throws<ArgumentException>(() => TensorRows.Split(OnnxTensor.FromArray(new float[1]), [1]));
    }

    /// <summary>A [rows, 2, 3] tensor whose elements are distinct, counting on from <paramref name="next"/>.</summary>
    private static OnnxTensor Make(OnnxElementType type, int rows, ref int next)
    {
        var n = rows * 6;
        var values = Enumerable.Range(next, n).ToArray();
        next += n;
        long[] shape = [rows, 2, 3];
        return type switch
        {
            OnnxElementType.Fp32 => OnnxTensor.FromArray(values.Select(v => v + 0.25f).ToArray(), shape),
            OnnxElementType.Fp64 => OnnxTensor.FromArray(values.Select(v => v + 0.125).ToArray(), shape),
            OnnxElementType.Fp16 => OnnxTensor.FromArray(values.Select(v => (Half)v).ToArray(), shape),
            OnnxElementType.Bf16 => new OnnxTensor<ushort>(values.Select(v => (ushort)(0x3F80 + v)).ToArray(), shape, OnnxElementType.Bf16),
            OnnxElementType.Int64 => OnnxTensor.FromArray(values.Select(v => (long)v << 33).ToArray(), shape),
            OnnxElementType.Int32 => OnnxTensor.FromArray(values.Select(v => -v).ToArray(), shape),
            OnnxElementType.Int16 => OnnxTensor.FromArray(values.Select(v => (short)v).ToArray(), shape),
            OnnxElementType.Int8 => OnnxTensor.FromArray(values.Select(v => (sbyte)v).ToArray(), shape),
            OnnxElementType.Uint64 => OnnxTensor.FromArray(values.Select(v => (ulong)v).ToArray(), shape),
            OnnxElementType.Uint32 => OnnxTensor.FromArray(values.Select(v => (uint)v).ToArray(), shape),
            OnnxElementType.Uint16 => OnnxTensor.FromArray(values.Select(v => (ushort)v).ToArray(), shape),
            OnnxElementType.Uint8 => OnnxTensor.FromArray(values.Select(v => (byte)v).ToArray(), shape),
            OnnxElementType.Bool => OnnxTensor.FromArray(values.Select(v => v % 3 == 0).ToArray(), shape),
            OnnxElementType.Bytes => OnnxTensor.FromArray(values.Select(v => $"s{v}").ToArray(), shape),
            _ => throw new NotSupportedException(type.ToString()),
        };
    }

    private static string[] Elements(OnnxTensor t) => t.ElementType switch
    {
        OnnxElementType.Fp32 => t.ToArray<float>().Select(v => BitConverter.SingleToInt32Bits(v).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Fp64 => t.ToArray<double>().Select(v => BitConverter.DoubleToInt64Bits(v).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Fp16 => t.ToArray<Half>().Select(v => BitConverter.HalfToInt16Bits(v).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Bf16 or OnnxElementType.Uint16 => t.ToArray<ushort>().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Int64 => t.ToArray<long>().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Int32 => t.ToArray<int>().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Int16 => t.ToArray<short>().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Int8 => t.ToArray<sbyte>().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Uint64 => t.ToArray<ulong>().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Uint32 => t.ToArray<uint>().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Uint8 => t.ToArray<byte>().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        OnnxElementType.Bool => t.ToArray<bool>().Select(v => v ? "1" : "0").ToArray(),
        OnnxElementType.Bytes => t.ToArray<string>(),
        _ => throw new NotSupportedException(t.ElementType.ToString()),
    };
}
