using Crucible.Tabular;

namespace Crucible.DataQuality.Profiling;

/// <summary>What a streaming pass over a dataset collects beyond the column profiles.</summary>
public sealed record ScanOptions
{
    public TabularOptions Reader { get; init; } = new();

    /// <summary>The label (target) column, if any.</summary>
    public string? Label { get; init; }

    /// <summary>Rows kept in a seeded reservoir sample for outliers, leakage and neighbour checks.</summary>
    public int SampleSize { get; init; } = 5_000;

    public int Seed { get; init; } = 42;

    /// <summary>
    /// Columns left out of row identity (duplicates, conflicting labels, overlap). Columns named like an
    /// identifier (<see cref="RoleInference.HasIdName"/>) are always left out.
    /// </summary>
    public IReadOnlyCollection<string> IgnoreColumns { get; init; } = [];

    /// <summary>
    /// Distinct rows tracked for duplicates, label groups and overlap (about 100 bytes each across the three).
    /// Past this, rows that repeat a tracked row are still found but new rows are no longer remembered, which
    /// keeps a multi-gigabyte file's memory bounded at the price of missing repeats among later rows.
    /// </summary>
    public int MaxTrackedRows { get; init; } = 2_000_000;

    /// <summary>When set, rows are also hashed over just these columns (the ones two files share) for overlap checks.</summary>
    public IReadOnlyCollection<string>? OverlapColumns { get; init; }

    /// <summary>Called with the bytes read so far and the file size, now and then.</summary>
    public Action<long, long?>? Progress { get; init; }
}
