using System.Buffers;
using System.Buffers.Binary;
using Crucible.Stats.Serialization;

namespace Crucible.Stats.Sketches;

/// <summary>
/// Builds a sketch blob: [version][kind][payload, little-endian][8-byte Hash64 of everything before].
/// The trailing hash lets readers reject corrupted blobs, not only truncated ones.
/// </summary>
internal sealed class SketchWriter : LittleEndianWriter
{
    public SketchWriter(byte version, SketchKind kind)
    {
        WriteByte(version);
        WriteByte((byte)kind);
    }

    public void CopyTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ulong hash = Hash64.Of(WrittenSpan);
        WriteTo(output);
        BinaryPrimitives.WriteUInt64LittleEndian(output.GetSpan(8), hash);
        output.Advance(8);
    }
}
