namespace Crucible.Stats.Metrics.Internal;

/// <summary>
/// Stable least-significant-digit radix sort on order-preserving 64-bit keys of doubles. It is several times faster
/// than comparison sorting for the million-row score arrays that ranking metrics sort.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = 6; // 6 * 11 = 66 >= 64 bits
    private const ulong SignBit = 0x8000_0000_0000_0000UL;

    /// <summary>
    /// Maps a finite double to a key whose unsigned order is the double's numeric order; -0.0 and +0.0 share a key,
    /// so key equality is double equality.
    /// </summary>
    internal static ulong ToKey(double value)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(value == 0.0 ? 0.0 : value);
        return (bits & SignBit) != 0 ? ~bits : bits | SignBit;
    }

    /// <summary>Inverse of <see cref="ToKey"/>.</summary>
    internal static double FromKey(ulong key)
    {
        var bits = (key & SignBit) != 0 ? key & ~SignBit : ~key;
        return BitConverter.Int64BitsToDouble((long)bits);
    }

    /// <summary>Sorts the keys ascending.</summary>
    internal static void Sort(ulong[] keys) => Sort(keys, null);

    /// <summary>Sorts the keys ascending, moving the items with them; equal keys keep their input order.</summary>
    internal static void Sort(ulong[] keys, double[]? items)
    {
        var n = keys.Length;
        if (n < 2)
        {
            return;
        }

        var counts = new int[Passes * Buckets];
        foreach (var key in keys)
        {
            for (var pass = 0; pass < Passes; pass++)
            {
                counts[(pass * Buckets) + (int)((key >> (pass * DigitBits)) & (Buckets - 1))]++;
            }
        }

        var source = keys;
        var target = new ulong[n];
        var sourceItems = items;
        var targetItems = items is null ? null : new double[n];
        var offsets = new int[Buckets];
        for (var pass = 0; pass < Passes; pass++)
        {
            var histogram = counts.AsSpan(pass * Buckets, Buckets);
            var shift = pass * DigitBits;
            if (histogram[(int)((source[0] >> shift) & (Buckets - 1))] == n)
            {
                continue; // every key has the same digit here: the pass would not move anything
            }

            var running = 0;
            for (var b = 0; b < Buckets; b++)
            {
                offsets[b] = running;
                running += histogram[b];
            }

            if (sourceItems is null)
            {
                for (var i = 0; i < n; i++)
                {
                    var key = source[i];
                    target[offsets[(int)((key >> shift) & (Buckets - 1))]++] = key;
                }
            }
            else
            {
                for (var i = 0; i < n; i++)
                {
                    var key = source[i];
                    var slot = offsets[(int)((key >> shift) & (Buckets - 1))]++;
                    target[slot] = key;
                    targetItems![slot] = sourceItems[i];
                }

                (sourceItems, targetItems) = (targetItems!, sourceItems);
            }

            (source, target) = (target, source);
        }

        if (!ReferenceEquals(source, keys))
        {
            source.AsSpan().CopyTo(keys);
            if (items is not null)
            {
                sourceItems!.AsSpan().CopyTo(items);
            }
        }
    }
}
