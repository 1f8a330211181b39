namespace Crucible.Stats.Drift;

/// <summary>
/// numpy's histogram_bin_edges(bins="sturges") and histogram(values, edges) restated:
/// width = ptp / (log2(n) + 1), bin count = ceil(ptp / width), edges = linspace(min, max);
/// bins are [eᵢ, eᵢ₊₁) except the last, which is closed. Constant data gets [v-0.5, v+0.5].
/// </summary>
public static class SturgesHistogram
{
    /// <summary>Sturges bin edges for data with the given size, minimum and maximum.</summary>
    public static double[] Edges(long count, double min, double max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        double first = min;
        double last = max;
        if (first == last)
        {
            first -= 0.5;
            last += 0.5;
        }

        double width = (max - min) / (Math.Log2(count) + 1.0);
        int bins = width > 0 ? (int)Math.Ceiling((last - first) / width) : 1;
        return Linspace(first, last, bins + 1);
    }

    /// <summary>Sturges edges for a sample (NaN ignored).</summary>
    public static double[] Edges(ReadOnlySpan<double> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        long n = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
                n++;
            }
        }

        return Edges(n, min, max);
    }

    /// <summary>numpy.linspace with endpoint: start + i·step, the last edge set to stop exactly.</summary>
    public static double[] Linspace(double start, double stop, int count)
    {
        var y = new double[count];
        double step = (stop - start) / (count - 1);
        for (int i = 0; i < count; i++)
        {
            y[i] = (i * step) + start;
        }

        y[count - 1] = stop;
        return y;
    }

    /// <summary>Counts per bin with numpy's rules (values outside the edges are dropped).</summary>
    public static double[] Counts(ReadOnlySpan<double> values, ReadOnlySpan<double> edges)
    {
        var counts = new double[edges.Length - 1];
        double lastEdge = edges[^1];
        foreach (double v in values)
        {
            if (double.IsNaN(v) || v < edges[0] || v > lastEdge)
            {
                continue;
            }

            int bin = v == lastEdge ? counts.Length - 1 : UpperBound(edges, v) - 1;
            counts[bin]++;
        }

        return counts;
    }

    // First index whose edge is > v.
    private static int UpperBound(ReadOnlySpan<double> edges, double v)
    {
        int lo = 0, hi = edges.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] <= v)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
