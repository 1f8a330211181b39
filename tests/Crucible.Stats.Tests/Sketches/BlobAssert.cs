using System.Buffers;

namespace Crucible.Stats.Tests.Sketches;

internal static class BlobAssert
{
    public static byte[] Bytes(Action<IBufferWriter<byte>> serialize)
    {
        var w = new ArrayBufferWriter<byte>();
        serialize(w);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Every truncation and every single-byte corruption must throw InvalidDataException.</summary>
    public static void RejectsDamage(byte[] blob, Func<byte[], object> deserialize, int stride = 1)
    {
        for (int length = 0; length < blob.Length; length += Math.Max(1, stride))
        {
            byte[] cut = blob[..length];
            Assert.Throws<InvalidDataException>(() => deserialize(cut));
        }

        for (int i = 0; i < blob.Length; i += Math.Max(1, stride))
        {
            byte[] bad = (byte[])blob.Clone();
            bad[i] ^= 0x5A;
            Assert.Throws<InvalidDataException>(() => deserialize(bad));
        }

        Assert.Throws<InvalidDataException>(() => deserialize([.. blob, 0]));
    }
}
