using System.Buffers.Binary;
using System.Text;

namespace Crucible.Stats.Serialization;

/// <summary>
/// Reads what <see cref="LittleEndianWriter"/> wrote. Every failure is an <see cref="InvalidDataException"/> naming the
/// blob (<c>subject</c>, e.g. "Kll sketch blob", "Profile blob") and, when given, the part being read.
/// </summary>
internal ref struct LittleEndianReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _subject;
    private readonly string? _part;
    private int _position;

    public LittleEndianReader(ReadOnlySpan<byte> data, string subject, string? part = null, int start = 0)
    {
        _data = data;
        _subject = subject;
        _part = part;
        _position = start;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>A string written by <see cref="LittleEndianWriter.WriteString"/>; invalid UTF-8 is refused.</summary>
    public string ReadString()
    {
        int length = ReadInt32();
        Require(length >= 0, "negative string length");
        ReadOnlySpan<byte> bytes = Take(length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{_subject} is invalid: a string is not valid UTF-8{Where}.", e);
        }
    }

    /// <summary>A nested blob written by <see cref="LittleEndianWriter.WriteLengthPrefixed"/>.</summary>
    public ReadOnlySpan<byte> ReadLengthPrefixed(string what)
    {
        int length = ReadInt32();
        Require(length >= 0, $"{what} has a negative length");
        return Take(length);
    }

    public readonly void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException($"{_subject} is invalid: {problem}{Where}.");
        }
    }

    public readonly void EnsureFullyRead() => Require(_position == _data.Length, "unexpected trailing bytes");

    private readonly string Where => _part is null ? string.Empty : $" (in {_part})";

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw new InvalidDataException(_part is null
                ? $"{_subject} is truncated."
                : $"{_subject} is truncated: {_part} ends early at byte {_position}.");
        }

        ReadOnlySpan<byte> s = _data.Slice(_position, count);
        _position += count;
        return s;
    }
}
