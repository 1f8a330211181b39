using System.Buffers.Binary;
using Crucible.Stats.Serialization;

namespace Crucible.Stats.Sketches;

/// <summary>Opens a blob written by <see cref="SketchWriter"/>: checks its version, kind and checksum.</summary>
internal static class SketchReader
{
    /// <summary>A reader positioned on the payload; throws <see cref="InvalidDataException"/> for a bad header or checksum.</summary>
    public static LittleEndianReader Open(ReadOnlySpan<byte> blob, byte expectedVersion, SketchKind kind)
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

        return new LittleEndianReader(body, $"{kind} sketch blob", start: 2);
    }
}
