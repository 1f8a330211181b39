using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>The binary classification preset: every applicable binary metric, keyed by <see cref="MetricNames"/>.</summary>
public static class BinaryClassificationReport
{
    /// <summary>
    /// Computes, in this order: accuracy, balanced_accuracy, precision, recall, f1, roc_auc, average_precision,
    /// log_loss, brier_score, matthews_corrcoef, cohen_kappa. Hard predictions are 1 when the probability of class 1
    /// is strictly above <paramref name="threshold"/> (at 0.5 this matches sklearn's argmax over [1 - p, p]).
    /// roc_auc is left out when y_true holds a single class, where sklearn raises instead of returning a value.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Compute(
        ReadOnlySpan<int> yTrue,
        ReadOnlySpan<double> positiveProbabilities,
        double threshold = 0.5,
        ReadOnlySpan<double> sampleWeights = default)
    {
        ProbabilityMetrics.ValidateBinary(yTrue, positiveProbabilities, sampleWeights);
        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be finite.");
        }

        var predicted = new int[yTrue.Length];
        var bothClasses = false;
        for (var i = 0; i < predicted.Length; i++)
        {
            predicted[i] = positiveProbabilities[i] > threshold ? 1 : 0;
            bothClasses |= yTrue[i] != yTrue[0];
        }

        var tally = LabelTally.Build(yTrue, predicted, sampleWeights);
        var prf = ClassificationMetrics.BinaryPrecisionRecallF1(yTrue, predicted, 1, sampleWeights);
        var points = BinaryCurvePoints.Build(yTrue, positiveProbabilities, sampleWeights);

        var report = new ReportBuilder();
        report.Add(MetricNames.Accuracy, ClassificationMetrics.Accuracy(yTrue, predicted, sampleWeights));
        report.Add(MetricNames.BalancedAccuracy, ClassificationMetrics.BalancedAccuracy(tally));
        report.Add(MetricNames.Precision, prf.Precision);
        report.Add(MetricNames.Recall, prf.Recall);
        report.Add(MetricNames.F1, prf.F1);
        if (bothClasses)
        {
            report.Add(MetricNames.RocAuc, RankingMath.Auc(points));
        }

        report.Add(MetricNames.AveragePrecision, RankingMath.AveragePrecision(points));
        report.Add(MetricNames.LogLoss, ProbabilityMetrics.BinaryLogLoss(yTrue, positiveProbabilities, sampleWeights));
        report.Add(MetricNames.BrierScore, ProbabilityMetrics.BinaryBrier(yTrue, positiveProbabilities, sampleWeights));
        report.Add(MetricNames.MatthewsCorrcoef, ClassificationMetrics.MatthewsCorrcoef(tally));
        report.Add(MetricNames.CohenKappa, ClassificationMetrics.CohenKappa(tally, KappaWeighting.None));
        return report.Build();
    }
}
