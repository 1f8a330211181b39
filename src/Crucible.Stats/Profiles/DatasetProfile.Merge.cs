using Crucible.Stats.Sketches;

namespace Crucible.Stats.Profiles;

/// <summary>Merging dataset profiles.</summary>
public sealed partial class DatasetProfile
{
    /// <summary>
    /// Merges two profiles into a new one (inputs are not changed). Row counts and counters add,
    /// the window becomes the union [min start, max end], and only tags equal on both sides are
    /// kept (so merging replicas drops the replica tag). Columns present on one side only are
    /// copied, with the other side's rows counted as nulls. Commutative bit for bit: the
    /// operands are put in a canonical order (by content hash) before the order-sensitive
    /// sketches (KLL, frequent strings) are merged. Associative exactly for counts, moments (to
    /// rounding), distinct counts and discrete counts; KLL and frequent strings stay within
    /// their error bounds in any grouping.
    /// </summary>
    public static DatasetProfile Merge(DatasetProfile a, DatasetProfile b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return MergeAll([a, b]);
    }

    /// <summary>
    /// Merges any number of profiles (e.g. the replicas' partial profiles of one window) in a
    /// canonical order, so the result does not depend on the order they were stored or listed.
    /// </summary>
    public static DatasetProfile MergeAll(IEnumerable<DatasetProfile> profiles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        return MergeCanonical(profiles.Select(p => (p, p.ToBytes())).ToList(), owned: false);
    }

    /// <summary>
    /// Merges freshly read partials given with their blobs (so nothing is serialized again); the
    /// profiles are consumed when <paramref name="owned"/>. Same result as <see cref="MergeAll"/> because blobs round-trip
    /// byte for byte.
    /// </summary>
    public static DatasetProfile MergeCanonical(IReadOnlyList<(DatasetProfile Profile, byte[] Bytes)> partials, bool owned)
    {
        var ordered = partials.OrderBy(p => Hash64.Of(p.Bytes)).ThenBy(p => p.Bytes.Length).ToArray();
        if (ordered.Length == 0)
        {
            throw new ArgumentException("Nothing to merge.", nameof(partials));
        }

        // The accumulator must be private: a consumable input, or a copy read from its blob.
        DatasetProfile result = owned ? ordered[0].Profile : FromBytes(ordered[0].Bytes);
        for (int i = 1; i < ordered.Length; i++)
        {
            result = result.MergeOwned(ordered[i].Profile);
        }

        return result;
    }

    // Merges other into this profile's columns (this instance is a private copy).
    private DatasetProfile MergeOwned(DatasetProfile other)
    {
        var names = new SortedSet<string>(_columns.Keys, StringComparer.Ordinal);
        names.UnionWith(other._columns.Keys);
        var merged = new List<ColumnProfile>(names.Count);
        foreach (string name in names)
        {
            ColumnProfile? mine = _columns.GetValueOrDefault(name);
            ColumnProfile? theirs = other._columns.GetValueOrDefault(name);
            if (mine is null)
            {
                mine = new ColumnProfile(name, theirs!.Options);
                mine.AddNulls(RowCount);
            }

            if (theirs is null)
            {
                mine.AddNulls(other.RowCount);
            }
            else
            {
                mine.Merge(theirs);
            }

            merged.Add(mine);
        }

        DateTimeOffset? start = Min(WindowStart, other.WindowStart);
        DateTimeOffset? end = Max(WindowEnd, other.WindowEnd);
        IEnumerable<KeyValuePair<string, string>> tags = _tags.Where(t =>
            other._tags.TryGetValue(t.Key, out string? v) && string.Equals(v, t.Value, StringComparison.Ordinal));
        return new DatasetProfile(merged, RowCount + other.RowCount, start, end, tags);
    }

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;
}
