namespace Crucible.Core.Tracking;

/// <summary>
/// Which steps of a metric a chart needs, as MLflow's <c>get-history-bulk-interval</c> chooses them: of the distinct
/// steps logged in [start, end], at most <c>max</c> evenly spaced ones (every <c>count / max</c>-th, from the first)
/// plus the last one in range, plus each run's own first and last step when they fall in range. Steps that were
/// logged are the only candidates, so a sparse metric is never interpolated.
/// </summary>
public static class MetricSampling
{
    /// <summary>MLflow's cap on the runs of one request.</summary>
    public const int MaxRuns = 100;

    /// <summary>MLflow's cap (and default) on the sampled steps of one request.</summary>
    public const int MaxResults = 2500;

    /// <summary>The steps to return, ascending. <paramref name="runs"/>: each run's logged steps (any order, repeats allowed).</summary>
    public static IReadOnlyList<long> Steps(IReadOnlyList<IReadOnlyList<long>> runs, long? start, long? end, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var all = runs.SelectMany(r => r).Distinct().Order().ToArray();
        var from = start ?? 0;
        var to = end ?? (all.Length > 0 ? all[^1] : 0);
        var chosen = new SortedSet<long>(Evenly(all, from, to, max));
        foreach (var run in runs.Where(r => r.Count > 0))
        {
            foreach (var edge in (long[])[run.Min(), run.Max()])
            {
                if (edge >= from && edge <= to)
                {
                    chosen.Add(edge);
                }
            }
        }

        return [.. chosen];
    }

    /// <summary>At most <paramref name="max"/> evenly spaced steps of the sorted <paramref name="all"/> within [from, to], and the last one there.</summary>
    private static IEnumerable<long> Evenly(long[] all, long from, long to, int max)
    {
        var first = Bound(all, from, inclusive: false);
        var last = Bound(all, to, inclusive: true); // one past the last step <= to
        var count = last - first;
        if (count <= max)
        {
            return all[first..last];
        }

        var interval = (double)count / max;
        var picked = new List<long>(max + 1);
        for (var i = 0; i < max; i++)
        {
            picked.Add(all[first + (int)(i * interval)]);
        }

        picked.Add(all[last - 1]);
        return picked;
    }

    /// <summary>The index of the first step above <paramref name="value"/> (<paramref name="inclusive"/>) or at or above it, in the distinct sorted steps.</summary>
    private static int Bound(long[] sorted, long value, bool inclusive)
    {
        var index = Array.BinarySearch(sorted, value);
        return index >= 0 ? index + (inclusive ? 1 : 0) : ~index;
    }
}
