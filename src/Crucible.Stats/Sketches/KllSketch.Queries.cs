namespace Crucible.Stats.Sketches;

/// <summary>Queries of the KLL sketch over a cached sorted view of its weighted items.</summary>
public sealed partial class KllSketch
{
    /// <summary>
    /// Approximate quantile: the smallest retained item whose inclusive normalized rank is ≥ q
    /// (q = 0 gives the minimum, q = 1 the maximum seen).
    /// </summary>
    public double Quantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), "q must be in [0, 1].");
        }

        if (N == 0)
        {
            return double.NaN;
        }

        if (q == 0)
        {
            return _min;
        }

        if (q == 1)
        {
            return _max;
        }

        SortedView v = View();
        long target = Math.Max(1, (long)Math.Ceiling(q * N));
        int lo = 0, hi = v.Items.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (v.Cumulative[mid] >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return v.Items[lo];
    }

    /// <summary>Approximate quantiles for several fractions.</summary>
    public double[] Quantiles(ReadOnlySpan<double> fractions)
    {
        var result = new double[fractions.Length];
        for (int i = 0; i < fractions.Length; i++)
        {
            result[i] = Quantile(fractions[i]);
        }

        return result;
    }

    /// <summary>Approximate normalized rank: the share of values ≤ x (inclusive) or &lt; x (exclusive).</summary>
    public double Rank(double x, bool inclusive = true)
    {
        if (N == 0)
        {
            return double.NaN;
        }

        return (double)WeightBelow(View(), x, inclusive) / N;
    }

    /// <summary>
    /// Approximate CDF at ascending split points: element i is Rank(splits[i]); a final element 1.0
    /// closes the range, so the result has splits.Length + 1 entries.
    /// </summary>
    public double[] Cdf(ReadOnlySpan<double> splits, bool inclusive = true)
    {
        CheckSplits(splits);
        var result = new double[splits.Length + 1];
        if (N == 0)
        {
            result.AsSpan().Fill(double.NaN);
            return result;
        }

        SortedView v = View();
        for (int i = 0; i < splits.Length; i++)
        {
            result[i] = (double)WeightBelow(v, splits[i], inclusive) / N;
        }

        result[^1] = 1.0;
        return result;
    }

    /// <summary>
    /// Approximate PMF of the splits.Length + 1 bins (-∞, s₀), [s₀, s₁), …, [sₘ₋₁, +∞) for the
    /// default exclusive form; the inclusive form uses (-∞, s₀], (s₀, s₁], ….
    /// </summary>
    public double[] Pmf(ReadOnlySpan<double> splits, bool inclusive = false)
    {
        double[] cdf = Cdf(splits, inclusive);
        for (int i = cdf.Length - 1; i > 0; i--)
        {
            cdf[i] -= cdf[i - 1];
        }

        return cdf;
    }

    /// <summary>Retained items with their weights, sorted by item (the sketch's weighted sample).</summary>
    public IReadOnlyList<(double Item, long Weight)> WeightedItems()
    {
        SortedView v = View();
        var list = new List<(double, long)>(v.Items.Length);
        long previous = 0;
        for (int i = 0; i < v.Items.Length; i++)
        {
            list.Add((v.Items[i], v.Cumulative[i] - previous));
            previous = v.Cumulative[i];
        }

        return list;
    }

    private static void CheckSplits(ReadOnlySpan<double> splits)
    {
        for (int i = 0; i < splits.Length; i++)
        {
            if (double.IsNaN(splits[i]) || (i > 0 && splits[i] <= splits[i - 1]))
            {
                throw new ArgumentException("Split points must be finite-or-infinite numbers in strictly ascending order.", nameof(splits));
            }
        }
    }

    private static long WeightBelow(SortedView v, double x, bool inclusive)
    {
        int lo = 0, hi = v.Items.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            bool below = inclusive ? v.Items[mid] <= x : v.Items[mid] < x;
            if (below)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo == 0 ? 0 : v.Cumulative[lo - 1];
    }

    private SortedView View()
    {
        if (_view is not null)
        {
            return _view;
        }

        var items = new double[_retained];
        var weights = new long[_retained];
        int o = 0;
        for (int h = 0; h < _numLevels; h++)
        {
            int size = SizeOf(h);
            Array.Copy(_levels[h], 0, items, o, size);
            weights.AsSpan(o, size).Fill(1L << h);
            o += size;
        }

        Array.Sort(items, weights);
        for (int i = 1; i < weights.Length; i++)
        {
            weights[i] += weights[i - 1];
        }

        _view = new SortedView(items, weights);
        return _view;
    }

    private sealed record SortedView(double[] Items, long[] Cumulative);
}
