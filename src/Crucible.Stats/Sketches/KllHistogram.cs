namespace Crucible.Stats.Sketches;

/// <summary>Binned counts derived from a KLL sketch, for drift tests that need histograms.</summary>
public static class KllHistogram
{
    /// <summary>
    /// Reference bins: the distinct interior quantiles at i/bins (i = 1..bins-1) of the sketch, to be
    /// used as split points so every reference bin holds about 1/bins of the mass.
    /// </summary>
    public static double[] QuantileSplits(KllSketch reference, int bins)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        var splits = new SortedSet<double>();
        for (int i = 1; i < bins; i++)
        {
            splits.Add(reference.Quantile((double)i / bins));
        }

        // A split equal to the minimum would leave the first bin empty by construction.
        splits.Remove(reference.MinValue);
        return [.. splits];
    }

    /// <summary>
    /// Estimated counts in the open-ended bins (-∞, s₀), [s₀, s₁), …, [sₘ₋₁, +∞): the sketch PMF
    /// times n, so values outside the reference range still land in the outer bins.
    /// </summary>
    public static double[] Counts(KllSketch sketch, ReadOnlySpan<double> splits)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        double[] pmf = sketch.Pmf(splits);
        for (int i = 0; i < pmf.Length; i++)
        {
            pmf[i] *= sketch.N;
        }

        return pmf;
    }

    /// <summary>
    /// Counts with numpy.histogram semantics for explicit edges: [eᵢ, eᵢ₊₁), the last bin closed,
    /// values outside [e₀, eₘ] dropped.
    /// </summary>
    public static double[] CountsForEdges(KllSketch sketch, ReadOnlySpan<double> edges)
    {
        ArgumentNullException.ThrowIfNull(sketch);
        if (edges.Length < 2)
        {
            throw new ArgumentException("At least two edges are needed.", nameof(edges));
        }

        var counts = new double[edges.Length - 1];
        for (int i = 0; i < counts.Length; i++)
        {
            double below = sketch.Rank(edges[i], inclusive: false);
            bool last = i == counts.Length - 1;
            double upper = sketch.Rank(edges[i + 1], inclusive: last);
            counts[i] = (upper - below) * sketch.N;
        }

        return counts;
    }
}
