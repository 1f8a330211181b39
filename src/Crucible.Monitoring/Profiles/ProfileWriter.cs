using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace Crucible.Monitoring.Profiles;

/// <summary>Little-endian writer for the profile blob; strings and sketches are length-prefixed.</summary>
internal sealed class ProfileWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

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

    public void WriteString(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        WriteInt32(bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>Writes a length-prefixed sketch blob, serialized in place.</summary>
    public void WriteBlob(SketchSerializer serialize)
    {
        int at = ReserveLength();
        serialize(_buffer);
        PatchLength(at);
    }

    /// <summary>Writes a section: tag, 4-byte length, then the payload written by <paramref name="body"/>.</summary>
    public void WriteSection(byte tag, Action<ProfileWriter> body)
    {
        WriteByte(tag);
        int at = ReserveLength();
        body(this);
        PatchLength(at);
    }

    private int ReserveLength()
    {
        int at = _buffer.WrittenCount;
        WriteInt32(0);
        return at;
    }

    private void PatchLength(int at) =>
        BinaryPrimitives.WriteInt32LittleEndian(MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span[at..], _buffer.WrittenCount - at - 4);
}
