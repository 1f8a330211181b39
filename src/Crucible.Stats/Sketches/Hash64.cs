using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Crucible.Stats.Sketches;

/// <summary>
/// 64-bit hashing for sketches: a SplitMix64 finaliser for doubles (bits of the value, with -0.0
/// folded into 0.0 and every NaN into one NaN) and a multiply-rotate block hash with a Murmur3
/// fmix64 avalanche for byte strings (strings hash their UTF-8 bytes). Stable across processes.
/// </summary>
public static class Hash64
{
    private const ulong P1 = 0x9E3779B185EBCA87UL;
    private const ulong P2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong P3 = 0x165667B19E3779F9UL;
    private const int StackLimit = 512;

    /// <summary>SplitMix64's output function (a bijective 64-bit mixer).</summary>
    public static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Hash of a double value; equal values (including ±0) hash equally.</summary>
    public static ulong Of(double value)
    {
        if (value == 0)
        {
            value = 0.0;
        }
        else if (double.IsNaN(value))
        {
            value = double.NaN;
        }

        return Mix((ulong)BitConverter.DoubleToInt64Bits(value));
    }

    /// <summary>Hash of a string's UTF-8 bytes.</summary>
    public static ulong Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (max <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            int n = Encoding.UTF8.GetBytes(value, buffer);
            return Of(buffer[..n]);
        }

        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int n = Encoding.UTF8.GetBytes(value, rented);
            return Of(rented.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Hash of a byte string.</summary>
    public static ulong Of(ReadOnlySpan<byte> data)
    {
        unchecked
        {
            ulong h = P3 + (ulong)data.Length;
            int i = 0;
            for (; i + 8 <= data.Length; i += 8)
            {
                ulong k = BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
                k = BitOperations.RotateLeft(k * P2, 31) * P1;
                h = (BitOperations.RotateLeft(h ^ k, 27) * P1) + P2;
            }

            for (; i < data.Length; i++)
            {
                h = BitOperations.RotateLeft(h ^ (data[i] * P3), 11) * P1;
            }

            h ^= h >> 33;
            h *= 0xFF51AFD7ED558CCDUL;
            h ^= h >> 33;
            h *= 0xC4CEB9FE1A85EC53UL;
            return h ^ (h >> 33);
        }
    }
}
