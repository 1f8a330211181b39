using Crucible.Evaluation.Gates;
using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Harness;

/// <summary>The full, serialisable outcome of one evaluation (see <c>EvaluationJson</c> for the JSON form).</summary>
public sealed record EvaluationResult
{
    public EvaluationTask Task { get; init; }

    public int RowCount { get; init; }

    /// <summary>Overall metrics keyed by sklearn-style names (<c>MetricNames</c>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Bootstrap percentile intervals of the overall metrics (empty when bootstrap is off).</summary>
    public IReadOnlyDictionary<string, ConfidenceInterval> Intervals { get; init; } = new Dictionary<string, ConfidenceInterval>();

    public IReadOnlyList<SliceResult> Slices { get; init; } = [];

    public FairnessResult? Fairness { get; init; }

    public EvaluationCurves? Curves { get; init; }

    public ComparisonResult? Comparison { get; init; }

    public GateResult? Gate { get; init; }

    public BootstrapSettings? Bootstrap { get; init; }
}

/// <summary>A percentile bootstrap interval.</summary>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Resamples">Resamples on which the metric was defined.</param>
public sealed record ConfidenceInterval(double Lower, double Upper, int Resamples);

/// <summary>Metrics on the rows where <see cref="Column"/> has <see cref="Value"/> (or falls in a bin).</summary>
public sealed record SliceResult
{
    public required string Column { get; init; }

    /// <summary>The category, or the bin as "[lo, hi)".</summary>
    public required string Value { get; init; }

    public int Count { get; init; }

    /// <summary>True when the slice has fewer rows than the minimum slice size; no metrics are computed then.</summary>
    public bool Skipped { get; init; }

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, ConfidenceInterval> Intervals { get; init; } = new Dictionary<string, ConfidenceInterval>();
}

/// <summary>Curves for the report (binary: ROC, PR, calibration; all classification: confusion matrix; regression: predicted vs actual, residuals).</summary>
public sealed record EvaluationCurves
{
    /// <summary>Regression: the true values of at most 1,000 rows (every k-th), paired with <see cref="PredictedValues"/>.</summary>
    public IReadOnlyList<double> ActualValues { get; init; } = [];

    /// <summary>Regression: the predicted values of the rows in <see cref="ActualValues"/>.</summary>
    public IReadOnlyList<double> PredictedValues { get; init; } = [];

    /// <summary>Regression: counts of the residuals (predicted − true) of every row in 20 equal-width bins.</summary>
    public IReadOnlyList<long> ResidualCounts { get; init; } = [];

    /// <summary>Regression: the 21 edges of <see cref="ResidualCounts"/>' bins.</summary>
    public IReadOnlyList<double> ResidualEdges { get; init; } = [];

    public IReadOnlyList<double> RocFpr { get; init; } = [];

    public IReadOnlyList<double> RocTpr { get; init; } = [];

    public IReadOnlyList<double> PrPrecision { get; init; } = [];

    public IReadOnlyList<double> PrRecall { get; init; } = [];

    public IReadOnlyList<double> CalibrationMeanPredicted { get; init; } = [];

    public IReadOnlyList<double> CalibrationFractionPositive { get; init; } = [];

    /// <summary>Expected calibration error over 10 uniform bins (binary).</summary>
    public double? ExpectedCalibrationError { get; init; }

    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Rows = true class, columns = predicted class (weighted counts).</summary>
    public IReadOnlyList<IReadOnlyList<double>> ConfusionMatrix { get; init; } = [];
}
