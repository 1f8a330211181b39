using Crucible.Stats.Distributions;

namespace Crucible.Stats.Drift;

/// <summary>Immutable settings of one drift test; the computation lives in <see cref="DriftCalculator"/>.</summary>
public sealed record DriftTestSettings
{
    /// <summary>Test name, one of <see cref="DriftTestNames"/>.</summary>
    public string Test { get; init; } = DriftTestNames.KolmogorovSmirnov;

    /// <summary>Threshold; null uses the test's default (<see cref="DriftTestCatalog"/>).</summary>
    public double? Threshold { get; init; }

    /// <summary>Column type used for binning decisions on raw numbers.</summary>
    public DriftColumnType ColumnType { get; init; } = DriftColumnType.Numerical;

    /// <summary>Wasserstein divided by max(std_ref, 0.001) as Evidently does (true) or raw SciPy distance (false).</summary>
    public bool NormalizeWasserstein { get; init; } = true;

    /// <summary>Log base of the Jensen-Shannon distance; null is the natural log (SciPy's default).</summary>
    public double? JensenShannonBase { get; init; }

    /// <summary>Numerical columns with more reference distinct values than this get Sturges bins (Evidently: 20).</summary>
    public int HistogramUniqueLimit { get; init; } = 20;

    /// <summary>KS p-value method.</summary>
    public KsMethod KsMethod { get; init; } = KsMethod.Auto;

    /// <summary>Number of reference-quantile bins when binned tests run on KLL sketches.</summary>
    public int SketchBins { get; init; } = 20;
}
