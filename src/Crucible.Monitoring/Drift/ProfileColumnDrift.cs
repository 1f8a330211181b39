using Crucible.Stats.Profiles;
using Crucible.Stats.Drift;
using Crucible.Stats.Sketches;

namespace Crucible.Monitoring.Drift;

/// <summary>One column's drift test on profiles: picks the sketch that reproduces the raw-data test best.</summary>
internal static class ProfileColumnDrift
{
    private const int HistogramUniqueLimit = 20;

    /// <summary>
    /// Distinct non-missing values of both sides, for Evidently's rule (which only asks "more than
    /// 2?" and "more than 5?"): exact from discrete counts or unevicted strings; when a side is past
    /// those limits the count is a lower bound (the limit + 1), so no HyperLogLog union is needed.
    /// </summary>
    public static long UnionDistinct(ColumnProfile r, ColumnProfile c)
    {
        if (r.StringCount == 0 && c.StringCount == 0)
        {
            return r.DiscreteCounts is { } rd && c.DiscreteCounts is { } cd
                ? rd.Select(kv => kv.Key).Union(cd.Select(kv => kv.Key)).LongCount()
                : Math.Max(r.Options.DiscreteLimit, c.Options.DiscreteLimit) + 1L;
        }

        if (r.FrequentStrings.Offset == 0 && c.FrequentStrings.Offset == 0)
        {
            return r.FrequentStrings.StoredCounts().Select(kv => kv.Key)
                .Union(c.FrequentStrings.StoredCounts().Select(kv => kv.Key), StringComparer.Ordinal).LongCount();
        }

        return Math.Max(r.FrequentStrings.MaxMapSize, c.FrequentStrings.MaxMapSize) + 1L;
    }

    public static (DriftTestResult Result, bool Exact) Run(DriftCalculator calc, ColumnProfile r, ColumnProfile c, bool numeric)
    {
        if (!numeric)
        {
            bool exact = r.FrequentStrings.Offset == 0 && c.FrequentStrings.Offset == 0;
            return (calc.Compute(r.FrequentStrings, c.FrequentStrings), exact);
        }

        bool kllExact = IsExact(r.Quantiles) && IsExact(c.Quantiles);
        var rd = r.DiscreteCounts;
        var cd = c.DiscreteCounts;
        bool discrete = rd is not null && cd is not null;
        switch (calc.Descriptor.Name)
        {
            case DriftTestNames.KolmogorovSmirnov:
            case DriftTestNames.Wasserstein:
                return (calc.Compute(r.Quantiles, c.Quantiles, r.Moments.PopulationStdDev), kllExact);
            case DriftTestNames.ChiSquare:
            case DriftTestNames.ZTest:
                return discrete
                    ? (calc.Compute(Table(rd!, cd!)), true)
                    : (calc.Compute(r.Quantiles, c.Quantiles), false);
            default:
                if (discrete && rd!.Count <= HistogramUniqueLimit && calc.Descriptor.Name != DriftTestNames.Hellinger)
                {
                    return (calc.Compute(Table(rd, cd!)), true);
                }

                return (calc.Compute(SturgesTable(r, c)), kllExact && calc.Descriptor.Name != DriftTestNames.Hellinger);
        }
    }

    private static bool IsExact(KllSketch s) => s.RetainedItems == s.N;

    // Aligned counts over the union of values, ascending (CategoryTable.FromValues' order).
    private static CategoryTable Table(IReadOnlyList<KeyValuePair<double, long>> r, IReadOnlyList<KeyValuePair<double, long>> c)
    {
        var rm = r.ToDictionary(kv => kv.Key, kv => kv.Value);
        var cm = c.ToDictionary(kv => kv.Key, kv => kv.Value);
        double[] keys = [.. rm.Keys.Union(cm.Keys).Order()];
        return new CategoryTable(
            keys.Select(k => (double)rm.GetValueOrDefault(k)).ToArray(),
            keys.Select(k => (double)cm.GetValueOrDefault(k)).ToArray());
    }

    // Evidently's Sturges bins over both samples (n = n_ref + n_cur, range of both), counted from
    // each KLL sketch with numpy.histogram's edge rules.
    private static CategoryTable SturgesTable(ColumnProfile r, ColumnProfile c)
    {
        double min = Math.Min(r.Moments.Min, c.Moments.Min), max = Math.Max(r.Moments.Max, c.Moments.Max);
        double[] edges = SturgesHistogram.Edges(r.NumericCount + c.NumericCount, min, max);
        return new CategoryTable(KllHistogram.CountsForEdges(r.Quantiles, edges), KllHistogram.CountsForEdges(c.Quantiles, edges));
    }
}
