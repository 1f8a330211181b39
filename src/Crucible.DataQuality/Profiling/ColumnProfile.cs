namespace Crucible.DataQuality.Profiling;

/// <summary>A value and how often it occurs (exact while the frequent-items sketch has not overflowed).</summary>
public sealed record ValueCount(string Value, long Count);

/// <summary>What one streaming pass learned about a column.</summary>
public sealed record ColumnProfile
{
    public required string Name { get; init; }

    public required ColumnType Type { get; init; }

    public required ColumnRole Role { get; init; }

    /// <summary>True when at least one cell is missing.</summary>
    public required bool Nullable { get; init; }

    public required long NullCount { get; init; }

    public required long NonNullCount { get; init; }

    /// <summary>Distinct non-missing values: exact up to 10,000, a HyperLogLog estimate beyond.</summary>
    public required long DistinctCount { get; init; }

    public required bool DistinctIsEstimate { get; init; }

    /// <summary>Share of non-missing cells whose type differs from the most common one (0 when uniform).</summary>
    public required double MixedTypeShare { get; init; }

    /// <summary>Share of non-missing cells that parse as numbers.</summary>
    public required double NumericShare { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    public double? Mean { get; init; }

    public double? StdDev { get; init; }

    /// <summary>Quartiles of the numeric cells (KLL sketch estimates).</summary>
    public double? P25 { get; init; }

    public double? P50 { get; init; }

    public double? P75 { get; init; }

    public double AverageLength { get; init; }

    /// <summary>Binned counts of the values, for numeric columns (null otherwise).</summary>
    public NumericHistogram? Histogram { get; init; }

    /// <summary>The most frequent values, most frequent first.</summary>
    public required IReadOnlyList<ValueCount> TopValues { get; init; }

    /// <summary>Share of non-missing cells holding the most frequent value.</summary>
    public double DominantShare => NonNullCount == 0 || TopValues.Count == 0 ? 0 : (double)TopValues[0].Count / NonNullCount;

    /// <summary>Share of cells that are missing.</summary>
    public double MissingShare => NullCount + NonNullCount == 0 ? 0 : (double)NullCount / (NullCount + NonNullCount);
}
