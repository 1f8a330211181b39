using Crucible.Stats.Sketches;

namespace Crucible.Stats.Profiles;

/// <summary>Sketch sizes of a profile. Profiles only merge with profiles built with the same sizes.</summary>
public sealed record ProfileOptions
{
    /// <summary>The default options (whylogs-like sizes).</summary>
    public static ProfileOptions Default { get; } = new();

    /// <summary>KLL accuracy parameter (at least 256).</summary>
    public int KllK { get; init; } = KllSketch.DefaultK;

    /// <summary>HyperLogLog precision (registers = 2^precision).</summary>
    public int HllPrecision { get; init; } = HyperLogLogSketch.DefaultPrecision;

    /// <summary>Counters kept by the frequent-strings sketch; counts are exact up to this many distinct strings.</summary>
    public int FrequentItemsMapSize { get; init; } = 256;

    /// <summary>
    /// Numeric columns keep exact value counts while they have at most this many distinct values
    /// (the low-cardinality "frequent items" of numbers); past it the counts are dropped.
    /// </summary>
    public int DiscreteLimit { get; init; } = 64;
}
