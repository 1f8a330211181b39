using System.Buffers;
using System.Buffers.Binary;

namespace Crucible.Stats.Sketches;

/// <summary>
/// Builds a sketch blob: [version][kind][payload, little-endian][8-byte Hash64 of everything before].
/// The trailing hash lets readers reject corrupted blobs, not only truncated ones.
/// </summary>
internal sealed class SketchWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public SketchWriter(byte version, SketchKind kind)
    {
        WriteByte(version);
        WriteByte((byte)kind);
    }

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteDouble(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void CopyTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ulong hash = Hash64.Of(_buffer.WrittenSpan);
        output.Write(_buffer.WrittenSpan);
        Span<byte> tail = output.GetSpan(8);
        BinaryPrimitives.WriteUInt64LittleEndian(tail, hash);
        output.Advance(8);
    }
}
