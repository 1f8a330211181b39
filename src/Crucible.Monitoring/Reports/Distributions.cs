using System.Globalization;
using Crucible.Stats.Profiles;
using Crucible.Stats.Drift;
using Crucible.Stats.Sketches;

namespace Crucible.Monitoring.Reports;

/// <summary>Reference and current shares over common bins, from two column profiles.</summary>
internal static class Distributions
{
    private const int MaxCategories = 12;

    public static (string[] Labels, double[] Reference, double[] Current) Of(ColumnProfile r, ColumnProfile c, bool numeric)
    {
        if (numeric && r.DiscreteCounts is { Count: <= 20 } rd && c.DiscreteCounts is { } cd)
        {
            double[] keys = [.. rd.Select(kv => kv.Key).Union(cd.Select(kv => kv.Key)).Order()];
            if (keys.Length <= 20)
            {
                var rm = rd.ToDictionary(kv => kv.Key, kv => kv.Value);
                var cm = cd.ToDictionary(kv => kv.Key, kv => kv.Value);
                return (
                    keys.Select(k => k.ToString("G6", CultureInfo.InvariantCulture)).ToArray(),
                    keys.Select(k => (double)rm.GetValueOrDefault(k) / r.NumericCount).ToArray(),
                    keys.Select(k => (double)cm.GetValueOrDefault(k) / c.NumericCount).ToArray());
            }
        }

        return numeric ? Histogram(r, c) : Categories(r, c);
    }

    private static (string[], double[], double[]) Histogram(ColumnProfile r, ColumnProfile c)
    {
        double min = Math.Min(r.Moments.Min, c.Moments.Min), max = Math.Max(r.Moments.Max, c.Moments.Max);
        double[] edges = SturgesHistogram.Edges(Math.Min(r.NumericCount + c.NumericCount, 1L << 30), min, max);
        if (edges.Length > 41)
        {
            edges = SturgesHistogram.Linspace(edges[0], edges[^1], 41);
        }

        double[] rs = Shares(KllHistogram.CountsForEdges(r.Quantiles, edges));
        double[] cs = Shares(KllHistogram.CountsForEdges(c.Quantiles, edges));
        string[] labels = edges[..^1].Select(Label).ToArray();
        return (labels, rs, cs);
    }

    private static (string[], double[], double[]) Categories(ColumnProfile r, ColumnProfile c)
    {
        string[] items = r.FrequentStrings.TopK(MaxCategories).Concat(c.FrequentStrings.TopK(MaxCategories))
            .OrderByDescending(f => f.Estimate)
            .Select(f => f.Item)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxCategories)
            .Order(StringComparer.Ordinal)
            .ToArray();
        double[] rs = items.Select(i => (double)r.FrequentStrings.Get(i).Estimate / Math.Max(1, r.StringCount)).ToArray();
        double[] cs = items.Select(i => (double)c.FrequentStrings.Get(i).Estimate / Math.Max(1, c.StringCount)).ToArray();
        double rOther = 1 - rs.Sum(), cOther = 1 - cs.Sum();
        if (rOther > 1e-9 || cOther > 1e-9)
        {
            return ([.. items, "(other)"], [.. rs, Math.Max(0, rOther)], [.. cs, Math.Max(0, cOther)]);
        }

        return (items, rs, cs);
    }

    // Short axis labels: 1.2k, 3.4M, 0.123.
    private static string Label(double v) => Math.Abs(v) switch
    {
        >= 1e9 => (v / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "G",
        >= 1e6 => (v / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (v / 1e3).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString("G3", CultureInfo.InvariantCulture),
    };

    private static double[] Shares(double[] counts)
    {
        double total = counts.Sum();
        return counts.Select(x => total > 0 ? x / total : 0).ToArray();
    }
}
