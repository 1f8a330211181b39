namespace Crucible.Stats.Profiles;

/// <summary>
/// A profile of a dataset or of a time window: one <see cref="ColumnProfile"/> per column (by
/// ordinal name), the row count, the window bounds and free-form tags (deployment, model version,
/// replica...). Mergeable (DatasetProfile.Merge.cs) and serializable to a compact, versioned,
/// checksummed binary form (DatasetProfile.Binary.cs).
/// </summary>
public sealed partial class DatasetProfile
{
    private readonly SortedDictionary<string, ColumnProfile> _columns;
    private readonly SortedDictionary<string, string> _tags;

    /// <summary>Creates a profile from columns; the columns are owned by the profile afterwards.</summary>
    public DatasetProfile(
        IEnumerable<ColumnProfile> columns,
        long rowCount,
        DateTimeOffset? windowStart = null,
        DateTimeOffset? windowEnd = null,
        IEnumerable<KeyValuePair<string, string>>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        if (windowStart is { } s && windowEnd is { } e && e < s)
        {
            throw new ArgumentException($"Window end {e:O} is before its start {s:O}.", nameof(windowEnd));
        }

        _columns = new SortedDictionary<string, ColumnProfile>(StringComparer.Ordinal);
        foreach (ColumnProfile c in columns)
        {
            if (!_columns.TryAdd(c.Name, c))
            {
                throw new ArgumentException($"Column '{c.Name}' appears twice.", nameof(columns));
            }
        }

        _tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> tag in tags ?? [])
        {
            ArgumentException.ThrowIfNullOrEmpty(tag.Key);
            ArgumentNullException.ThrowIfNull(tag.Value);
            _tags[tag.Key] = tag.Value;
        }

        RowCount = rowCount;
        WindowStart = windowStart?.ToUniversalTime();
        WindowEnd = windowEnd?.ToUniversalTime();
    }

    /// <summary>Rows seen.</summary>
    public long RowCount { get; }

    /// <summary>Start of the covered time window (UTC), if any.</summary>
    public DateTimeOffset? WindowStart { get; }

    /// <summary>End (exclusive) of the covered time window (UTC), if any.</summary>
    public DateTimeOffset? WindowEnd { get; }

    /// <summary>Tags, sorted by key (e.g. deployment, model_version, replica).</summary>
    public IReadOnlyDictionary<string, string> Tags => _tags;

    /// <summary>Columns sorted by ordinal name.</summary>
    public IReadOnlyCollection<ColumnProfile> Columns => _columns.Values;

    /// <summary>Column names sorted by ordinal order.</summary>
    public IReadOnlyCollection<string> ColumnNames => _columns.Keys;

    /// <summary>The column with this name, or null.</summary>
    public ColumnProfile? Column(string name) => _columns.GetValueOrDefault(name);

    /// <summary>The column with this name; throws <see cref="KeyNotFoundException"/> naming the known columns.</summary>
    public ColumnProfile this[string name] => _columns.TryGetValue(name, out ColumnProfile? c)
        ? c
        : throw new KeyNotFoundException($"Profile has no column '{name}'. Columns: {string.Join(", ", _columns.Keys)}.");

    /// <summary>A deep copy.</summary>
    public DatasetProfile Clone() =>
        new(_columns.Values.Select(c => c.Clone()), RowCount, WindowStart, WindowEnd, _tags);
}
