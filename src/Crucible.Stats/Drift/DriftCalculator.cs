using Crucible.Stats.Distributions;

namespace Crucible.Stats.Drift;

/// <summary>
/// Runs the drift test described by a <see cref="DriftTestSettings"/> on raw samples
/// (this file) or on sketches (DriftCalculator.Sketches.cs). NaN / null values are dropped first.
/// </summary>
public sealed partial class DriftCalculator
{
    /// <summary>Creates a calculator for the given settings.</summary>
    public DriftCalculator(DriftTestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        Descriptor = DriftTestCatalog.Get(settings.Test);
        Threshold = settings.Threshold ?? Descriptor.DefaultThreshold;
    }

    /// <summary>The settings in use.</summary>
    public DriftTestSettings Settings { get; }

    /// <summary>The selected test.</summary>
    public DriftTestDescriptor Descriptor { get; }

    /// <summary>The effective threshold.</summary>
    public double Threshold { get; }

    /// <summary>Runs the test on two numeric samples (treated as <see cref="DriftTestSettings.ColumnType"/>).</summary>
    public DriftTestResult Compute(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        double[] r = WithoutNaN(reference);
        double[] c = WithoutNaN(current);
        if (r.Length == 0 || c.Length == 0)
        {
            throw new ArgumentException("Reference and current must each hold at least one non-NaN value.");
        }

        bool numerical = Settings.ColumnType == DriftColumnType.Numerical;
        if (Descriptor.NumericalOnly && !numerical)
        {
            throw new NotSupportedException($"Test '{Descriptor.Name}' needs a numerical column.");
        }

        TestOutcome outcome = Descriptor.Name switch
        {
            DriftTestNames.KolmogorovSmirnov => Ks(r, c),
            DriftTestNames.Wasserstein => Wasserstein(r, c),
            DriftTestNames.ChiSquare => HypothesisTests.ChiSquare(CategoryTable.FromValues(r, c)),
            DriftTestNames.ZTest => HypothesisTests.ZTest(CategoryTable.FromValues(r, c)),
            DriftTestNames.Hellinger when numerical => new(HellingerNumerical(r, c), null),
            _ => Binned(BinnedShares(r, c, numerical)),
        };
        return Finish(outcome);
    }

    /// <summary>Runs a categorical test on two string samples.</summary>
    public DriftTestResult Compute(IEnumerable<string?> reference, IEnumerable<string?> current)
    {
        if (Descriptor.NumericalOnly)
        {
            throw new NotSupportedException($"Test '{Descriptor.Name}' needs a numerical column.");
        }

        return Compute(CategoryTable.FromValues(reference, current));
    }

    /// <summary>Runs a categorical test on an aligned table of category counts.</summary>
    public DriftTestResult Compute(CategoryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (Descriptor.NumericalOnly)
        {
            throw new NotSupportedException($"Test '{Descriptor.Name}' needs a numerical column.");
        }

        TestOutcome outcome = Descriptor.Name switch
        {
            DriftTestNames.ChiSquare => HypothesisTests.ChiSquare(table),
            DriftTestNames.ZTest => HypothesisTests.ZTest(table),
            _ => Binned((table.ReferenceShares(), table.CurrentShares())),
        };
        return Finish(outcome);
    }

    private DriftTestResult Finish(TestOutcome o) =>
        new(Descriptor.Name, o.Statistic, o.PValue, Threshold, Descriptor.IsDrift(o.Statistic, o.PValue, Threshold));

    private TestOutcome Ks(double[] r, double[] c)
    {
        Array.Sort(r);
        Array.Sort(c);
        KsTestResult ks = KolmogorovSmirnovTwoSample.FromSorted(r, c, Settings.KsMethod);
        return new TestOutcome(ks.Statistic, ks.PValue);
    }

    private TestOutcome Wasserstein(double[] r, double[] c)
    {
        Array.Sort(r);
        Array.Sort(c);
        double wd = HypothesisTests.Wasserstein(r, c);
        if (Settings.NormalizeWasserstein)
        {
            wd /= Math.Max(HypothesisTests.PopulationStd(r), 0.001);
        }

        return new TestOutcome(wd, null);
    }

    // Shares per bin as Evidently's get_binned_data: Sturges bins over both samples for numerical
    // columns whose reference has more than HistogramUniqueLimit distinct values, else categories.
    private (double[] Reference, double[] Current) BinnedShares(double[] r, double[] c, bool numerical)
    {
        if (numerical && DistinctCount(r) > Settings.HistogramUniqueLimit)
        {
            double[] all = [.. r, .. c];
            double[] edges = SturgesHistogram.Edges(all);
            double[] rc = SturgesHistogram.Counts(r, edges);
            double[] cc = SturgesHistogram.Counts(c, edges);
            return (rc.Select(x => x / r.Length).ToArray(), cc.Select(x => x / c.Length).ToArray());
        }

        CategoryTable t = CategoryTable.FromValues(r, c);
        return (t.ReferenceShares(), t.CurrentShares());
    }

    private TestOutcome Binned((double[] Reference, double[] Current) shares)
    {
        (double[] p, double[] q) = shares;
        return Descriptor.Name switch
        {
            DriftTestNames.JensenShannon => new(DistributionDistances.JensenShannon(p, q, Settings.JensenShannonBase), null),
            DriftTestNames.Psi => new(DistributionDistances.Psi(DistributionDistances.FillZeroes(p), DistributionDistances.FillZeroes(q)), null),
            DriftTestNames.Hellinger => new(DistributionDistances.Hellinger(p, q), null),
            DriftTestNames.LInfinity => new(DistributionDistances.LInfinity(p, q), null),
            _ => throw new NotSupportedException($"Test '{Descriptor.Name}' is not a binned test."),
        };
    }

    // Evidently's numerical Hellinger: Sturges bins over the distinct values of both samples,
    // density histograms, Σ sqrt(d₁d₂)·mean width.
    private static double HellingerNumerical(double[] r, double[] c)
    {
        double[] keys = [.. new HashSet<double>([.. r, .. c])];
        double[] edges = SturgesHistogram.Edges(keys);
        double[] rc = SturgesHistogram.Counts(r, edges);
        double[] cc = SturgesHistogram.Counts(c, edges);
        double rs = rc.Sum(), cs = cc.Sum();
        double meanWidth = (edges[^1] - edges[0]) / (edges.Length - 1);
        double bc = 0.0;
        for (int i = 0; i < rc.Length; i++)
        {
            double w = edges[i + 1] - edges[i];
            bc += Math.Sqrt(rc[i] / rs / w * (cc[i] / cs / w)) * meanWidth;
        }

        return Math.Sqrt(1.0 - Math.Clamp(bc, 0.0, 1.0));
    }

    private static int DistinctCount(double[] values) => new HashSet<double>(values).Count;

    private static double[] WithoutNaN(ReadOnlySpan<double> values)
    {
        var list = new List<double>(values.Length);
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                list.Add(v);
            }
        }

        return [.. list];
    }
}
