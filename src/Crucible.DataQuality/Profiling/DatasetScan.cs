namespace Crucible.DataQuality.Profiling;

/// <summary>Everything one streaming pass collected: the profile plus what the checks need.</summary>
internal sealed class DatasetScan
{
    public const int MaxListedRows = 50;

    public required DatasetProfile Profile { get; init; }

    public required int LabelIndex { get; init; }

    /// <summary>Hashes of the rows (identity columns only) seen at least once.</summary>
    public required HashSet<ulong> RowHashes { get; init; }

    /// <summary>Row hashes over <see cref="ScanOptions.OverlapColumns"/>; empty when they were not given.</summary>
    public required HashSet<ulong> OverlapHashes { get; init; }

    public required long DuplicateRows { get; init; }

    public required List<long> DuplicateRowNumbers { get; init; }

    /// <summary>Feature-hash → label group; empty without a label.</summary>
    public required Dictionary<ulong, LabelGroup> Groups { get; init; }

    public required List<long> ConflictRowNumbers { get; init; }

    /// <summary>Hashes a row's features (identity columns without the label), as the groups are keyed.</summary>
    public required RowHasher FeatureHasher { get; init; }

    /// <summary>Non-missing label value → count.</summary>
    public required Dictionary<string, long> LabelCounts { get; init; }

    public required List<SampledRow> Sample { get; init; }

    /// <summary>Exact distinct values per column while they number at most the exact-distinct cap.</summary>
    public required IReadOnlyList<IReadOnlySet<string>?> Values { get; init; }

    public required IReadOnlyList<Stats.Sketches.KllSketch> Quantiles { get; init; }

    public string? Label => LabelIndex < 0 ? null : Profile.Columns[LabelIndex].Name;

    /// <summary>Rows in feature groups that hold more than one label.</summary>
    public long ConflictingRows => Groups.Values.Where(g => g.Conflict).Sum(g => (long)g.Count);
}
