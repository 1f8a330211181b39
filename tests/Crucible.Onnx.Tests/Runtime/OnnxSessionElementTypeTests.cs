using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;
using Crucible.Onnx.Values;

namespace Crucible.Onnx.Tests.Runtime;

public sealed class OnnxSessionElementTypeTests
{
    [Fact]
    public void Every_oip_element_type_round_trips_through_identity()
    {
        RoundTrip("bool", new[] { true, false, false, true });
        RoundTrip("uint8", new byte[] { 0, 1, 128, 255 });
        RoundTrip("uint16", new ushort[] { 0, 1, 40000, ushort.MaxValue });
        RoundTrip("uint32", new uint[] { 0, 1, 3_000_000_000, uint.MaxValue });
        RoundTrip("uint64", new ulong[] { 0, 1, 10_000_000_000_000_000_000, ulong.MaxValue });
        RoundTrip("int8", new sbyte[] { sbyte.MinValue, -1, 0, sbyte.MaxValue });
        RoundTrip("int16", new short[] { short.MinValue, -1, 0, short.MaxValue });
        RoundTrip("int32", new[] { int.MinValue, -1, 0, int.MaxValue });
        RoundTrip("int64", new[] { long.MinValue, -1, 0, long.MaxValue });
        RoundTrip("fp16", new[] { (Half)0.5f, (Half)(-2.25f), Half.MaxValue, Half.Epsilon });
        RoundTrip("fp32", new[] { 0.1f, -3.5f, float.MaxValue, float.Epsilon });
        RoundTrip("fp64", new[] { 0.1, -3.5, double.MaxValue, double.Epsilon });
        RoundTrip("bytes", new[] { "a", "", "café ☕", "日本語" });
    }

    [Fact]
    public void Bf16_round_trips_as_raw_bits()
    {
        using var session = new OnnxSession(Fixtures.Bytes("identity_bf16"));
        ushort[] bits = [0x3F80, 0xC000, 0x7F7F, 0x0001];
        var input = new OnnxTensor<ushort>(bits, [2, 2], OnnxElementType.Bf16);

        var output = session.Run(input);

        Assert.Equal(OnnxElementType.Bf16, output.ElementType);
        Assert.Equal(bits, output.ToArray<ushort>());
        Assert.Equal("BF16", session.Inputs[0].Type.ElementType.ToOipDatatype());
    }

    [Fact]
    public void Input_from_pre_pinned_memory_slice_is_used_without_copy()
    {
        using var session = new OnnxSession(Fixtures.Bytes("identity_fp32"));
        var pinned = GC.AllocateArray<float>(16, pinned: true);
        for (var i = 0; i < pinned.Length; i++)
        {
            pinned[i] = i;
        }

        var output = session.Run(OnnxTensor.FromMemory<float>(pinned.AsMemory(4, 6), 3, 2));

        Assert.Equal(new float[] { 4, 5, 6, 7, 8, 9 }, output.ToArray<float>());
        Assert.Equal([3L, 2L], output.Shape);
    }

    [Fact]
    public void Empty_batch_runs()
    {
        using var session = new OnnxSession(Fixtures.Bytes("identity_int64"));

        var output = session.Run(OnnxTensor.FromArray(Array.Empty<long>(), 0, 2));

        Assert.Equal([0L, 2L], output.Shape);
        Assert.Equal(0, output.Length);
    }

    private static void RoundTrip<T>(string type, T[] data)
    {
        using var session = new OnnxSession(Fixtures.Bytes("identity_" + type));
        var output = session.Run(OnnxTensor.FromArray(data, 2, 2));

        Assert.Equal(OnnxElementTypes.FromClrType(typeof(T)), output.ElementType);
        Assert.Equal(session.Outputs[0].Type.ElementType, output.ElementType);
        Assert.Equal([2L, 2L], output.Shape);
        Assert.Equal(data, output.ToArray<T>());
    }
}
