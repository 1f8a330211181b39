using System.Buffers.Binary;

namespace Crucible.Stats.Sketches;

/// <summary>Reads a blob written by <see cref="SketchWriter"/>; every failure is an <see cref="InvalidDataException"/>.</summary>
internal ref struct SketchReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _position;

    public SketchReader(ReadOnlySpan<byte> blob, byte expectedVersion, SketchKind kind)
    {
        if (blob.Length < 10)
        {
            throw new InvalidDataException($"{kind} sketch blob is truncated ({blob.Length} bytes).");
        }

        if (blob[0] != expectedVersion)
        {
            throw new InvalidDataException($"{kind} sketch blob has version {blob[0]}; this build reads version {expectedVersion}.");
        }

        if (blob[1] != (byte)kind)
        {
            throw new InvalidDataException($"Blob holds sketch kind {blob[1]}, expected {kind}.");
        }

        ReadOnlySpan<byte> body = blob[..^8];
        if (Hash64.Of(body) != BinaryPrimitives.ReadUInt64LittleEndian(blob[^8..]))
        {
            throw new InvalidDataException($"{kind} sketch blob is corrupt or truncated (checksum mismatch).");
        }

        _payload = body;
        _position = 2;
        Kind = kind;
    }

    public SketchKind Kind { get; }

    public byte ReadByte() => Take(1)[0];

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public readonly void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidDataException($"{Kind} sketch blob is invalid: {what}.");
        }
    }

    public readonly void EnsureFullyRead() => Require(_position == _payload.Length, "unexpected trailing bytes");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position + count > _payload.Length)
        {
            throw new InvalidDataException($"{Kind} sketch blob is truncated.");
        }

        ReadOnlySpan<byte> s = _payload.Slice(_position, count);
        _position += count;
        return s;
    }
}
