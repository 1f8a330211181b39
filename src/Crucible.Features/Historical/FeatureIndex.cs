namespace Crucible.Features.Historical;

/// <summary>One row of a feature source: its entity key, event and created times (UTC ticks), read order, and the requested values.</summary>
internal readonly record struct FeatureRecord(string Key, long EventTicks, long CreatedTicks, long Sequence, string?[] Values);

/// <summary>
/// The in-memory kernel of the point-in-time join: one view's rows grouped by entity key and sorted by event time,
/// then created time, then read order. <see cref="Lookup"/> answers Feast's rule: the latest row at or before the
/// entity row's time and no older than the TTL, the later created time winning a tie (then the row read last).
/// </summary>
internal sealed class FeatureIndex(long ttlTicks)
{
    private readonly Dictionary<string, List<FeatureRecord>> _byKey = new(StringComparer.Ordinal);

    private static readonly Comparison<FeatureRecord> Order = (a, b) =>
        a.EventTicks != b.EventTicks ? a.EventTicks.CompareTo(b.EventTicks)
        : a.CreatedTicks != b.CreatedTicks ? a.CreatedTicks.CompareTo(b.CreatedTicks)
        : a.Sequence.CompareTo(b.Sequence);

    public int Count { get; private set; }

    public void Add(FeatureRecord record)
    {
        if (!_byKey.TryGetValue(record.Key, out var list))
        {
            _byKey[record.Key] = list = [];
        }

        list.Add(record);
        Count++;
    }

    public void Seal()
    {
        foreach (var list in _byKey.Values)
        {
            list.Sort(Order);
        }
    }

    /// <summary>The values joined to an entity row with <paramref name="key"/> at <paramref name="atTicks"/>, or null (missing).</summary>
    public string?[]? Lookup(string? key, long atTicks)
    {
        if (key is null || !_byKey.TryGetValue(key, out var list))
        {
            return null;
        }

        int lo = 0, hi = list.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (list[mid].EventTicks <= atTicks)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (found < 0)
        {
            return null;
        }

        var record = list[found];
        return ttlTicks > 0 && record.EventTicks < atTicks - ttlTicks ? null : record.Values;
    }
}
