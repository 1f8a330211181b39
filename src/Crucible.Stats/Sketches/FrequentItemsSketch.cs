using System.Buffers;
using System.Runtime.InteropServices;

namespace Crucible.Stats.Sketches;

/// <summary>An item with its estimated count and guaranteed bounds.</summary>
/// <param name="Item">The item.</param>
/// <param name="Estimate">Estimated count: stored count + offset/2, the middle of the bounds.</param>
/// <param name="LowerBound">Count is at least this.</param>
/// <param name="UpperBound">Count is at most this.</param>
public sealed record FrequentItem(string Item, long Estimate, long LowerBound, long UpperBound);

/// <summary>
/// Heavy hitters over strings, Misra-Gries style: at most <see cref="MaxMapSize"/> counters; when
/// a new item would overflow the map, the median counter value is subtracted from every counter,
/// non-positive counters are dropped and the subtracted amount is added to <see cref="Offset"/>.
/// For every item, stored ≤ true count ≤ stored + Offset, also after merges (merge adds the other
/// sketch's counters and offsets). While Offset is 0 the counts are exact.
/// </summary>
public sealed class FrequentItemsSketch
{
    /// <summary>Default map size (whylogs keeps 128 frequent strings).</summary>
    public const int DefaultMaxMapSize = 128;

    private const byte Version = 1;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long[]? _purgeBuffer;

    /// <summary>Creates an empty sketch.</summary>
    public FrequentItemsSketch(int maxMapSize = DefaultMaxMapSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMapSize, 2);
        MaxMapSize = maxMapSize;
    }

    /// <summary>Largest number of counters kept.</summary>
    public int MaxMapSize { get; }

    /// <summary>Total weight seen.</summary>
    public long N { get; private set; }

    /// <summary>Largest possible undercount of any item.</summary>
    public long Offset { get; private set; }

    /// <summary>Number of counters held.</summary>
    public int Count => _counts.Count;

    /// <summary>Adds an item with a positive weight.</summary>
    public void Update(string item, long count = 1)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        N += count;
        Add(item, count);
    }

    private void Add(string item, long count)
    {
        // One hash lookup per update: this runs for every cell a profiler sees.
        ref long stored = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, item, out bool exists);
        stored += count;
        if (!exists && _counts.Count > MaxMapSize)
        {
            Purge();
        }
    }

    private void Purge()
    {
        // High-cardinality columns purge every MaxMapSize updates, so the buffer is reused. Removing during
        // enumeration is allowed and visits the keys in the same order as a snapshot of them would.
        int n = _counts.Count;
        if (_purgeBuffer is null || _purgeBuffer.Length < n)
        {
            _purgeBuffer = new long[n];
        }

        _counts.Values.CopyTo(_purgeBuffer, 0);
        Array.Sort(_purgeBuffer, 0, n);
        long median = _purgeBuffer[n / 2];
        foreach (KeyValuePair<string, long> kv in _counts)
        {
            long v = kv.Value - median;
            if (v <= 0)
            {
                _counts.Remove(kv.Key);
            }
            else
            {
                CollectionsMarshal.GetValueRefOrNullRef(_counts, kv.Key) = v;
            }
        }

        Offset += median;
    }

    /// <summary>Bounds and estimate for any item (absent items have lower bound 0).</summary>
    public FrequentItem Get(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        long stored = _counts.GetValueOrDefault(item);
        return new FrequentItem(item, stored + (Offset / 2), stored, stored + Offset);
    }

    /// <summary>The k items with the largest estimates (ties by ordinal item order).</summary>
    public IReadOnlyList<FrequentItem> TopK(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        return _counts
            .OrderByDescending(kv => kv.Value)
            .ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(k)
            .Select(kv => Get(kv.Key))
            .ToList();
    }

    /// <summary>All stored counters (lower bounds), sorted by item.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> StoredCounts() =>
        _counts.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();

    /// <summary>Folds another sketch into this one.</summary>
    public void Merge(FrequentItemsSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("Cannot merge a sketch into itself.", nameof(other));
        }

        foreach (KeyValuePair<string, long> kv in other.StoredCounts())
        {
            Add(kv.Key, kv.Value);
        }

        N += other.N;
        Offset += other.Offset;
    }

    /// <summary>Writes the versioned binary form (items sorted, so equal sketches give equal bytes).</summary>
    public void Serialize(IBufferWriter<byte> output)
    {
        var w = new SketchWriter(Version, SketchKind.FrequentItems);
        w.WriteInt32(MaxMapSize);
        w.WriteInt64(N);
        w.WriteInt64(Offset);
        w.WriteInt32(_counts.Count);
        foreach (KeyValuePair<string, long> kv in StoredCounts())
        {
            w.WriteString(kv.Key);
            w.WriteInt64(kv.Value);
        }

        w.CopyTo(output);
    }

    /// <summary>Reads the binary form; throws <see cref="InvalidDataException"/> on bad input.</summary>
    public static FrequentItemsSketch Deserialize(ReadOnlySpan<byte> blob)
    {
        var r = SketchReader.Open(blob, Version, SketchKind.FrequentItems);
        int max = r.ReadInt32();
        r.Require(max >= 2, "map size out of range");
        var s = new FrequentItemsSketch(max) { N = r.ReadInt64(), Offset = r.ReadInt64() };
        int count = r.ReadInt32();
        r.Require(count >= 0 && count <= max && s.N >= 0 && s.Offset >= 0, "counts out of range");
        long total = 0;
        for (int i = 0; i < count; i++)
        {
            string item = r.ReadString();
            long c = r.ReadInt64();
            r.Require(c > 0 && s._counts.TryAdd(item, c), "bad or duplicate counter");
            total += c;
        }

        r.EnsureFullyRead();
        r.Require(total <= s.N, "counters exceed n");
        return s;
    }
}
