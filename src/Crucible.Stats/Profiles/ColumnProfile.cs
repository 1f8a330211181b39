using System.Runtime.InteropServices;
using Crucible.Stats.Sketches;

namespace Crucible.Stats.Profiles;

/// <summary>
/// Mergeable statistics of one column: counts (values, nulls, NaN, ±∞), exact moments, a KLL
/// quantile sketch, a HyperLogLog distinct count, frequent strings, and exact counts of numeric
/// values while the column has few distinct numbers. NaN and ±∞ are counted but kept out of the
/// moments and the quantile sketch. Not thread-safe: one writer at a time.
/// </summary>
public sealed partial class ColumnProfile
{
    private Dictionary<double, long>? _discrete = [];

    /// <summary>Creates an empty column profile.</summary>
    public ColumnProfile(string name, ProfileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= ProfileOptions.Default;
        Name = name;
        Options = options;
        Moments = new MomentsSketch();
        Quantiles = new KllSketch(options.KllK);
        Distinct = new HyperLogLogSketch(options.HllPrecision);
        FrequentStrings = new FrequentItemsSketch(options.FrequentItemsMapSize);
    }

    // Wraps sketches read from a blob (no throwaway empty sketches).
    private ColumnProfile(string name, ProfileOptions options, MomentsSketch moments, KllSketch quantiles, HyperLogLogSketch distinct, FrequentItemsSketch frequent)
    {
        Name = name;
        Options = options;
        Moments = moments;
        Quantiles = quantiles;
        Distinct = distinct;
        FrequentStrings = frequent;
    }

    /// <summary>Column name.</summary>
    public string Name { get; }

    /// <summary>Sketch sizes.</summary>
    public ProfileOptions Options { get; }

    /// <summary>Observations, nulls included.</summary>
    public long Count => NullCount + NaNCount + InfinityCount + NumericCount + StringCount;

    /// <summary>Missing values (null, empty field, absent key).</summary>
    public long NullCount { get; private set; }

    /// <summary>NaN numbers.</summary>
    public long NaNCount { get; private set; }

    /// <summary>Positive or negative infinities.</summary>
    public long InfinityCount { get; private set; }

    /// <summary>Finite numbers (the ones in <see cref="Moments"/> and <see cref="Quantiles"/>).</summary>
    public long NumericCount { get; private set; }

    /// <summary>Strings (the ones in <see cref="FrequentStrings"/>).</summary>
    public long StringCount { get; private set; }

    /// <summary>Count, mean, variance, min, max and sum of the finite numbers (exact).</summary>
    public MomentsSketch Moments { get; }

    /// <summary>Quantile sketch of the finite numbers.</summary>
    public KllSketch Quantiles { get; }

    /// <summary>Distinct count of finite numbers and strings.</summary>
    public HyperLogLogSketch Distinct { get; }

    /// <summary>Heavy hitters among the strings (exact while Offset is 0).</summary>
    public FrequentItemsSketch FrequentStrings { get; }

    /// <summary>True while the exact numeric value counts are kept.</summary>
    public bool HasDiscreteCounts => _discrete is not null;

    /// <summary>Exact counts per finite number, sorted by value; null past <see cref="ProfileOptions.DiscreteLimit"/> distinct values.</summary>
    public IReadOnlyList<KeyValuePair<double, long>>? DiscreteCounts =>
        _discrete?.OrderBy(kv => kv.Key).ToList();

    /// <summary>The kind inferred from what was seen.</summary>
    public ColumnKind Kind
    {
        get
        {
            if (StringCount > 0)
            {
                return StringCount >= 50 && DistinctEstimate() > 0.9 * StringCount ? ColumnKind.Text : ColumnKind.Categorical;
            }

            return NumericCount + NaNCount + InfinityCount > 0 ? ColumnKind.Numeric : ColumnKind.Empty;
        }
    }

    /// <summary>
    /// Distinct non-missing values: exact while the discrete counts or the frequent strings are
    /// exact, otherwise the HyperLogLog estimate.
    /// </summary>
    public double DistinctEstimate()
    {
        if (StringCount == 0 && _discrete is not null)
        {
            return _discrete.Count;
        }

        if (NumericCount == 0 && FrequentStrings.Offset == 0)
        {
            return FrequentStrings.Count;
        }

        return Math.Round(Distinct.Estimate());
    }

    /// <summary>Records a missing value.</summary>
    public void AddNull() => NullCount++;

    /// <summary>Records several missing values.</summary>
    public void AddNulls(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        NullCount += count;
    }

    /// <summary>Records one number (NaN and ±∞ are only counted).</summary>
    public void Add(double value)
    {
        if (!double.IsFinite(value))
        {
            if (double.IsNaN(value))
            {
                NaNCount++;
            }
            else
            {
                InfinityCount++;
            }

            return;
        }

        NumericCount++;
        Moments.Update(value);
        Quantiles.Update(value);
        Distinct.UpdateHash(Hash64.Of(value));
        if (_discrete is not null)
        {
            Tally(value, 1);
        }
    }

    /// <summary>Records a batch of numbers: the fast path (tens of millions of values per second).</summary>
    public void Add(ReadOnlySpan<double> values)
    {
        foreach (double v in values)
        {
            Add(v);
        }
    }

    /// <summary>Records one string; null is a missing value.</summary>
    public void Add(string? value)
    {
        if (value is null)
        {
            NullCount++;
            return;
        }

        StringCount++;
        FrequentStrings.Update(value);
        Distinct.UpdateHash(Hash64.Of(value));
    }

    private void Tally(double value, long count)
    {
        ref long slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_discrete!, value, out bool exists);
        slot += count;
        if (!exists && _discrete!.Count > Options.DiscreteLimit)
        {
            _discrete = null;
        }
    }
}
