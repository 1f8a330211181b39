namespace Crucible.Stats.Metrics;

/// <summary>
/// A receiver operating characteristic curve as <c>sklearn.metrics.roc_curve</c> returns it:
/// <see cref="Thresholds"/> decrease, and the first threshold is the highest score plus one so the curve
/// starts at (0, 0). When a class is missing the corresponding rate is NaN everywhere, as in sklearn.
/// </summary>
/// <param name="FalsePositiveRate">False positive rate at each threshold.</param>
/// <param name="TruePositiveRate">True positive rate at each threshold.</param>
/// <param name="Thresholds">Score thresholds, decreasing; a row is predicted positive when its score is at least the threshold.</param>
public sealed record RocCurve(
    IReadOnlyList<double> FalsePositiveRate,
    IReadOnlyList<double> TruePositiveRate,
    IReadOnlyList<double> Thresholds);

/// <summary>
/// A precision-recall curve as <c>sklearn.metrics.precision_recall_curve</c> returns it:
/// <see cref="Thresholds"/> increase; precision and recall have one extra final point (1, 0).
/// </summary>
/// <param name="Precision">Precision at each threshold, then 1.</param>
/// <param name="Recall">Recall at each threshold (decreasing), then 0.</param>
/// <param name="Thresholds">Distinct scores, increasing.</param>
public sealed record PrecisionRecallCurve(
    IReadOnlyList<double> Precision,
    IReadOnlyList<double> Recall,
    IReadOnlyList<double> Thresholds);

/// <summary>
/// A reliability diagram as <c>sklearn.calibration.calibration_curve</c> returns it: one entry per
/// non-empty bin, in bin order.
/// </summary>
/// <param name="FractionOfPositives">Observed fraction of positives in each non-empty bin (sklearn's <c>prob_true</c>).</param>
/// <param name="MeanPredictedProbability">Mean predicted probability in each non-empty bin (sklearn's <c>prob_pred</c>).</param>
/// <param name="Counts">Number of rows in each non-empty bin.</param>
public sealed record CalibrationCurve(
    IReadOnlyList<double> FractionOfPositives,
    IReadOnlyList<double> MeanPredictedProbability,
    IReadOnlyList<int> Counts);
