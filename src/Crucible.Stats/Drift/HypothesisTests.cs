using Crucible.Stats.Distributions;

namespace Crucible.Stats.Drift;

/// <summary>Statistic and optional p-value of one test.</summary>
/// <param name="Statistic">Statistic or distance.</param>
/// <param name="PValue">P-value, null for distances.</param>
public readonly record struct TestOutcome(double Statistic, double? PValue);

/// <summary>Hypothesis tests on category tables and raw samples.</summary>
public static class HypothesisTests
{
    /// <summary>
    /// Evidently's chi-square: expected = reference count × (current total / reference total),
    /// then scipy.stats.chisquare(observed, expected) with k - 1 degrees of freedom. A category
    /// absent from the reference gives an infinite statistic and p = 0. With a single category the
    /// statistic is 0 and the p-value is reported as 1 (SciPy gives NaN for 0 degrees of freedom).
    /// </summary>
    public static TestOutcome ChiSquare(CategoryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        double k = table.CurrentTotal / table.ReferenceTotal;
        double stat = 0.0;
        for (int i = 0; i < table.Count; i++)
        {
            double expected = table.ReferenceCount(i) * k;
            double diff = table.CurrentCount(i) - expected;
            stat += diff == 0 ? 0.0 : diff * diff / expected;
        }

        if (table.Count < 2)
        {
            return new TestOutcome(stat, 1.0);
        }

        return new TestOutcome(stat, double.IsPositiveInfinity(stat) ? 0.0 : ChiSquareDistribution.Sf(stat, table.Count - 1));
    }

    /// <summary>
    /// Evidently's two-proportion z-test: the share of values that are not the first (smallest)
    /// category, reference minus current, pooled variance; p = 2·P(Z &gt; |z|). When both samples hold
    /// the same single value the statistic is 0 and p = 1.
    /// </summary>
    public static TestOutcome ZTest(CategoryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        double n1 = table.ReferenceTotal, n2 = table.CurrentTotal;
        if (table.Count <= 1)
        {
            return new TestOutcome(0.0, 1.0);
        }

        double p1 = (n1 - table.ReferenceCount(0)) / n1;
        double p2 = (n2 - table.CurrentCount(0)) / n2;
        double pooled = ((p1 * n1) + (p2 * n2)) / (n1 + n2);
        double z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        return new TestOutcome(z, NormalDistribution.TwoSidedPValue(z));
    }

    /// <summary>scipy.stats.wasserstein_distance (1-D, unweighted) on two sorted samples.</summary>
    public static double Wasserstein(ReadOnlySpan<double> sortedU, ReadOnlySpan<double> sortedV)
    {
        int nu = sortedU.Length, nv = sortedV.Length;
        if (nu == 0 || nv == 0)
        {
            throw new ArgumentException("Both samples must be non-empty.");
        }

        int i = 0, j = 0;
        double total = 0.0;
        double previous = Math.Min(sortedU[0], sortedV[0]);
        while (i < nu || j < nv)
        {
            double x = i < nu && (j >= nv || sortedU[i] <= sortedV[j]) ? sortedU[i] : sortedV[j];
            // ECDFs are constant on [previous, x): use the counts strictly below x.
            total += Math.Abs(((double)i / nu) - ((double)j / nv)) * (x - previous);
            while (i < nu && sortedU[i] <= x)
            {
                i++;
            }

            while (j < nv && sortedV[j] <= x)
            {
                j++;
            }

            previous = x;
        }

        return total;
    }

    /// <summary>Population standard deviation (numpy.std, ddof = 0), two-pass.</summary>
    public static double PopulationStd(ReadOnlySpan<double> values)
    {
        double mean = 0.0;
        foreach (double v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        double ss = 0.0;
        foreach (double v in values)
        {
            ss += (v - mean) * (v - mean);
        }

        return Math.Sqrt(ss / values.Length);
    }
}
