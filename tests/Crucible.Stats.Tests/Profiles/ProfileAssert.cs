using Crucible.Stats.Profiles;

namespace Crucible.Stats.Tests.Profiles;

internal static class ProfileAssert
{
    /// <summary>Exact equality of counts, HLL registers and discrete counts; moments to 1e-12; KLL quantiles within a rank tolerance.</summary>
    public static void SameContent(DatasetProfile a, DatasetProfile b, double quantileTolerance)
    {
        Assert.Equal(a.RowCount, b.RowCount);
        Assert.Equal(a.ColumnNames, b.ColumnNames);
        foreach (ColumnProfile x in a.Columns)
        {
            ColumnProfile y = b[x.Name];
            Assert.Equal(
                (x.NullCount, x.NaNCount, x.InfinityCount, x.NumericCount, x.StringCount),
                (y.NullCount, y.NaNCount, y.InfinityCount, y.NumericCount, y.StringCount));
            Assert.Equal(x.Distinct.Registers.ToArray(), y.Distinct.Registers.ToArray());
            Assert.Equal(x.DiscreteCounts, y.DiscreteCounts);
            Assert.Equal(x.Moments.Count, y.Moments.Count);
            if (x.Moments.Count > 0)
            {
                Assert.Equal(x.Moments.Mean, y.Moments.Mean, 1e-12);
                Assert.Equal(x.Moments.M2, y.Moments.M2, Math.Abs(x.Moments.M2) * 1e-12);
                Assert.Equal((x.Moments.Min, x.Moments.Max), (y.Moments.Min, y.Moments.Max));
            }

            Assert.Equal(x.FrequentStrings.StoredCounts(), y.FrequentStrings.StoredCounts());
            if (quantileTolerance == 0.0)
            {
                Assert.Equal(x.Quantiles.WeightedItems(), y.Quantiles.WeightedItems());
            }
            else if (x.Quantiles.N > 0)
            {
                for (double q = 0.05; q < 1; q += 0.05)
                {
                    // Discrete data: y's quantile must sit where x's CDF crosses q, within the tolerance.
                    double v = y.Quantiles.Quantile(q);
                    Assert.True(x.Quantiles.Rank(v, inclusive: true) >= q - quantileTolerance, $"{x.Name} q={q}");
                    Assert.True(x.Quantiles.Rank(v, inclusive: false) <= q + quantileTolerance, $"{x.Name} q={q}");
                }
            }
        }
    }
}
