using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Crucible.Stats.Serialization;

/// <summary>
/// The one writer of Crucible's binary blobs (sketches and profiles): little-endian numbers, length-prefixed UTF-8
/// strings, length-prefixed nested blobs and tagged sections. <see cref="Sketches.SketchWriter"/> adds the sketch
/// header and checksum on top of it.
/// </summary>
internal class LittleEndianWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public LittleEndianWriter(int initialCapacity = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(initialCapacity);
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public int Length => _buffer.WrittenCount;

    public void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
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

    /// <summary>A 4-byte length, then the UTF-8 bytes.</summary>
    public void WriteString(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        WriteInt32(bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>A 4-byte length, then a nested blob serialized in place (e.g. a sketch's <c>Serialize</c>).</summary>
    public void WriteLengthPrefixed(Action<IBufferWriter<byte>> serialize)
    {
        int at = ReserveLength();
        serialize(_buffer);
        PatchLength(at);
    }

    /// <summary>A section: tag, 4-byte length, then the payload written by <paramref name="body"/>.</summary>
    public void WriteSection(byte tag, Action<LittleEndianWriter> body)
    {
        WriteByte(tag);
        int at = ReserveLength();
        body(this);
        PatchLength(at);
    }

    protected void WriteTo(IBufferWriter<byte> output) => output.Write(_buffer.WrittenSpan);

    private int ReserveLength()
    {
        int at = _buffer.WrittenCount;
        WriteInt32(0);
        return at;
    }

    private void PatchLength(int at) =>
        BinaryPrimitives.WriteInt32LittleEndian(MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span[at..], _buffer.WrittenCount - at - 4);
}
