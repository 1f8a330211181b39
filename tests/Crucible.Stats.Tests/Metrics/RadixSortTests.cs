using Crucible.Stats.Metrics;
using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Tests.Metrics;

public sealed class RadixSortTests
{
    [Fact]
    public void Sort_MixedSignsDuplicatesAndSignedZeros_MatchesArraySort()
    {
        var rng = new Random(7);
        var values = new double[5000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (i % 5) switch
            {
                0 => Math.Round(rng.NextDouble(), 2),
                1 => -rng.NextDouble() * 1e6,
                2 => i % 2 == 0 ? 0.0 : -0.0,
                3 => rng.NextDouble() * 1e-300,
                _ => rng.NextDouble() * 1e300,
            };
        }

        var expected = (double[])values.Clone();
        Array.Sort(expected);
        var keys = values.Select(RadixSort.ToKey).ToArray();
        RadixSort.Sort(keys);
        var actual = keys.Select(RadixSort.FromKey).ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Sort_WithItems_IsStableForEqualKeys()
    {
        ulong[] keys = [RadixSort.ToKey(0.5), RadixSort.ToKey(0.1), RadixSort.ToKey(0.5), RadixSort.ToKey(0.1)];
        double[] items = [1, 2, 3, 4];
        RadixSort.Sort(keys, items);
        Assert.Equal([2.0, 4.0, 1.0, 3.0], items);
    }

    [Fact]
    public void RocAuc_LargeRandomInput_MatchesPairCountingDefinition()
    {
        var rng = new Random(11);
        const int n = 3000;
        var y = new int[n];
        var s = new double[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = rng.Next(2);
            s[i] = Math.Round(rng.NextDouble() + (0.3 * y[i]), 2);
        }

        // AUC = P(score_pos > score_neg) + P(tie) / 2, counted over all pairs.
        double wins = 0, pairs = 0;
        for (var i = 0; i < n; i++)
        {
            if (y[i] != 1)
            {
                continue;
            }

            for (var j = 0; j < n; j++)
            {
                if (y[j] == 0)
                {
                    pairs++;
                    wins += s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0;
                }
            }
        }

        Assert.Equal(wins / pairs, RankingMetrics.RocAuc(y, s), 12);
        var unitWeights = Enumerable.Repeat(1.0, n).ToArray();
        Assert.Equal(wins / pairs, RankingMetrics.RocAuc(y, s, unitWeights), 12);
    }
}
