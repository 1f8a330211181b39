using System.Text.Json;
using Crucible.Stats.Drift;

namespace Crucible.Stats.Tests.Drift;

public sealed class SelectorAndDatasetTests
{
    [Theory]
    [InlineData(1000, DriftColumnType.Numerical, 6, "ks", 0.05)]
    [InlineData(1000, DriftColumnType.Numerical, 5, "chisquare", 0.05)]
    [InlineData(1000, DriftColumnType.Numerical, 3, "chisquare", 0.05)]
    [InlineData(1000, DriftColumnType.Numerical, 2, "z", 0.05)]
    [InlineData(10, DriftColumnType.Categorical, 3, "chisquare", 0.05)]
    [InlineData(10, DriftColumnType.Categorical, 2, "z", 0.05)]
    [InlineData(1001, DriftColumnType.Numerical, 6, "wasserstein", 0.1)]
    [InlineData(1001, DriftColumnType.Numerical, 5, "jensenshannon", 0.1)]
    [InlineData(5000, DriftColumnType.Categorical, 50, "jensenshannon", 0.1)]
    public void Default_rule_matches_evidently(long n, DriftColumnType type, long unique, string test, double threshold)
    {
        Assert.Equal(new DriftTestChoice(test, threshold), DriftTestSelector.Default(n, type, unique));
    }

    [Fact]
    public void Threshold_rules_follow_each_test()
    {
        var ks = new DriftCalculator(new DriftTestSettings { Test = "ks", Threshold = 1.0 });
        Assert.True(ks.Compute([1.0, 2.0], [1.0, 2.0]).Drift); // p = 1 ≤ 1
        var chi = new DriftCalculator(new DriftTestSettings { Test = "chisquare", Threshold = 1.0 });
        Assert.False(chi.Compute([1.0, 2.0], [1.0, 2.0]).Drift); // p = 1 is not < 1
        Assert.Throws<ArgumentException>(() => new DriftCalculator(new DriftTestSettings { Test = "nope" }));
        Assert.Throws<NotSupportedException>(() => ks.Compute(["a"], ["b"]));
    }

    [Fact]
    public void Result_is_json_serializable()
    {
        var r = new DriftTestResult("ks", 0.25, 0.9, 0.05, false);
        string json = JsonSerializer.Serialize(r);
        Assert.Equal(r, JsonSerializer.Deserialize<DriftTestResult>(json));
        Assert.Contains("\"PValue\":null", JsonSerializer.Serialize(r with { PValue = null }), StringComparison.Ordinal);
    }

    [Fact]
    public void Corrections_and_share()
    {
        KeyValuePair<string, DriftTestResult> P(string col, double p) => new(col, new DriftTestResult("ks", 0.1, p, 0.05, p <= 0.05));
        var cols = new[] { P("a", 0.001), P("b", 0.02), P("c", 0.04), P("d", 0.5), new("e", new DriftTestResult("psi", 0.3, null, 0.1, true)) };

        DatasetDriftResult none = DatasetDrift.Evaluate(cols);
        Assert.Equal(4, none.DriftedColumns);
        Assert.True(none.Drift);

        // Bonferroni: 0.05 / 4 = 0.0125 → only a (and psi, which has no p-value).
        DatasetDriftResult bonf = DatasetDrift.Evaluate(cols, MultipleTestingCorrection.Bonferroni);
        Assert.Equal(["a", "e"], bonf.Columns.Where(c => c.Value.Drift).Select(c => c.Key));
        Assert.Equal(0.4, bonf.Share, 12);
        Assert.False(bonf.Drift);

        // BH: sorted p 0.001 ≤ 0.0125, 0.02 ≤ 0.025, 0.04 ≤ 0.0375? no, 0.5 no → a, b.
        DatasetDriftResult bh = DatasetDrift.Evaluate(cols, MultipleTestingCorrection.BenjaminiHochberg);
        Assert.Equal(["a", "b", "e"], bh.Columns.Where(c => c.Value.Drift).Select(c => c.Key));
        Assert.True(bh.Drift);
        Assert.False(DatasetDrift.Evaluate(cols, MultipleTestingCorrection.BenjaminiHochberg, driftShare: 0.7).Drift);
    }

    [Fact]
    public void Hand_checked_distances()
    {
        double[] p = [0.5, 0.5, 0.0];
        double[] q = [0.25, 0.25, 0.5];
        Assert.Equal(0.5, DistributionDistances.LInfinity(p, q), 15);
        Assert.Equal(Math.Sqrt(1 - (2 * Math.Sqrt(0.125))), DistributionDistances.Hellinger(p, q), 15);
        // JS with base 2 of disjoint distributions is 1.
        Assert.Equal(1.0, DistributionDistances.JensenShannon([1.0, 0.0], [0.0, 1.0], 2.0), 15);
        Assert.Equal([0.5, 0.0001, 0.4999], DistributionDistances.FillZeroes([0.5, 0.0, 0.4999]));
        Assert.Equal([1e-5, 1e-5 / 1e6], DistributionDistances.FillZeroes([1e-5, 0.0]));
    }
}
