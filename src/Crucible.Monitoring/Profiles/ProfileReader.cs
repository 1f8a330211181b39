using System.Buffers.Binary;
using System.Text;

namespace Crucible.Monitoring.Profiles;

/// <summary>Reads the profile blob; every failure is an <see cref="InvalidDataException"/> naming what was wrong.</summary>
internal ref struct ProfileReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ReadOnlySpan<byte> _data;
    private readonly string _what;
    private int _position;

    public ProfileReader(ReadOnlySpan<byte> data, string what)
    {
        _data = data;
        _what = what;
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
            throw new InvalidDataException($"Profile blob is invalid: {_what} holds a string that is not valid UTF-8.", e);
        }
    }

    public T ReadSketch<T>(string column, string sketch, SketchDeserializer<T> deserialize)
    {
        int length = ReadInt32();
        Require(length >= 0, $"column '{column}' has a negative {sketch} length");
        ReadOnlySpan<byte> blob = Take(length);
        try
        {
            return deserialize(blob);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"Profile blob is invalid: column '{column}' {sketch} sketch: {e.Message}", e);
        }
    }

    public readonly void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException($"Profile blob is invalid: {problem} (in {_what}).");
        }
    }

    public readonly void EnsureFullyRead() => Require(_position == _data.Length, "unexpected trailing bytes");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw new InvalidDataException($"Profile blob is truncated: {_what} ends early at byte {_position}.");
        }

        ReadOnlySpan<byte> s = _data.Slice(_position, count);
        _position += count;
        return s;
    }
}
