using Crucible.Stats.Drift;
using Crucible.Stats.Sketches;

namespace Crucible.Stats.Tests.Drift;

public sealed class SketchDriftTests
{
    [Fact]
    public void Ks_from_exact_sketches_equals_raw_ks()
    {
        double[] r = GoldenFile.Numbers(GoldenFile.DriftCase("ks_ties").GetProperty("reference"));
        double[] c = GoldenFile.Numbers(GoldenFile.DriftCase("ks_ties").GetProperty("current"));
        var calc = new DriftCalculator(new DriftTestSettings { Test = DriftTestNames.KolmogorovSmirnov });
        DriftTestResult raw = calc.Compute(r, c);
        DriftTestResult sketched = calc.Compute(Kll(r), Kll(c));
        Assert.Equal(raw.Statistic, sketched.Statistic, 12);
        Assert.Equal(raw.PValue!.Value, sketched.PValue!.Value, 9);
    }

    [Fact]
    public void Ks_and_wasserstein_from_large_sketches_are_close_to_raw()
    {
        var rng = new Random(5);
        double[] r = Enumerable.Range(0, 200_000).Select(_ => rng.NextDouble()).ToArray();
        double[] c = Enumerable.Range(0, 150_000).Select(_ => Math.Pow(rng.NextDouble(), 1.2)).ToArray();
        double eps = KllSketch.NormalizedRankError(256, pmf: true);
        var ks = new DriftCalculator(new DriftTestSettings { Test = DriftTestNames.KolmogorovSmirnov });
        Assert.InRange(ks.Compute(Kll(r), Kll(c)).Statistic - ks.Compute(r, c).Statistic, -2 * eps, 2 * eps);
        var wd = new DriftCalculator(new DriftTestSettings { Test = DriftTestNames.Wasserstein });
        double rawWd = wd.Compute(r, c).Statistic;
        Assert.InRange(wd.Compute(Kll(r), Kll(c)).Statistic, rawWd - 0.05, rawWd + 0.05);
        DriftTestResult psi = new DriftCalculator(new DriftTestSettings { Test = DriftTestNames.Psi }).Compute(Kll(r), Kll(c));
        Assert.InRange(psi.Statistic, 0.0, 0.1);
        Assert.Null(psi.PValue);
    }

    [Theory]
    [InlineData("chisquare_strings")]
    [InlineData("z_strings")]
    public void Categorical_tests_from_exact_frequent_items_equal_raw(string name)
    {
        var c = GoldenFile.DriftCase(name);
        string[] r = GoldenFile.Strings(c.GetProperty("reference"));
        string[] cur = GoldenFile.Strings(c.GetProperty("current"));
        var calc = new DriftCalculator(new DriftTestSettings { Test = c.GetProperty("test").GetString()! });
        DriftTestResult fromSketch = calc.Compute(Items(r), Items(cur));
        Assert.Equal(c.GetProperty("statistic").GetDouble(), fromSketch.Statistic, 9);
        Assert.Equal(c.GetProperty("pvalue").GetDouble(), fromSketch.PValue!.Value, 9);
        foreach (string test in new[] { DriftTestNames.JensenShannon, DriftTestNames.Psi, DriftTestNames.Hellinger, DriftTestNames.LInfinity })
        {
            var settings = new DriftTestSettings { Test = test, ColumnType = DriftColumnType.Categorical };
            Assert.Equal(new DriftCalculator(settings).Compute(r, cur).Statistic,
                new DriftCalculator(settings).Compute(Items(r), Items(cur)).Statistic, 12);
        }
    }

    private static KllSketch Kll(double[] values)
    {
        var s = new KllSketch();
        s.Update(values);
        return s;
    }

    private static FrequentItemsSketch Items(string[] values)
    {
        var s = new FrequentItemsSketch();
        foreach (string v in values)
        {
            s.Update(v);
        }

        return s;
    }
}
