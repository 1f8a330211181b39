using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>The multiclass classification preset: every applicable multiclass metric, keyed by <see cref="MetricNames"/>.</summary>
public static class MulticlassClassificationReport
{
    /// <summary>
    /// Computes, in this order: accuracy, balanced_accuracy, precision/recall/f1 with macro, micro and weighted averages,
    /// roc_auc_ovr, roc_auc_ovr_weighted, roc_auc_ovo, roc_auc_ovo_weighted, log_loss, matthews_corrcoef, cohen_kappa and
    /// top_k_accuracy. Hard predictions are the argmax of each row (the first maximum on ties, as numpy's argmax).
    /// The ROC AUC entries are left out when some class never occurs in y_true (sklearn raises there); the one-vs-one
    /// entries are also left out when sample weights are given (sklearn does not support them); top_k_accuracy is left
    /// out when <paramref name="topK"/> is not below the class count (it would trivially be 1).
    /// </summary>
    /// <param name="yTrue">True class indices 0..K-1.</param>
    /// <param name="probabilities">Row-major n-by-K class probabilities; each row must sum to 1.</param>
    /// <param name="classCount">K, the number of classes (at least 2).</param>
    /// <param name="sampleWeights">Optional weights (empty = unweighted).</param>
    /// <param name="topK">The k of top_k_accuracy (sklearn's scorer uses 2).</param>
    public static IReadOnlyDictionary<string, double> Compute(
        ReadOnlySpan<int> yTrue,
        ReadOnlySpan<double> probabilities,
        int classCount,
        ReadOnlySpan<double> sampleWeights = default,
        int topK = 2)
    {
        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        var rows = MetricGuard.ProbabilityMatrix(probabilities, classCount, nameof(probabilities));
        MetricGuard.SameLength(yTrue.Length, rows, nameof(yTrue), "rows of probabilities");
        MetricGuard.LabelsInRange(yTrue, classCount, nameof(yTrue));
        var weighted = MetricGuard.Weights(sampleWeights, yTrue.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);

        var predicted = new int[rows];
        var seen = new bool[classCount];
        for (var i = 0; i < rows; i++)
        {
            var row = probabilities.Slice(i * classCount, classCount);
            var best = 0;
            for (var c = 1; c < classCount; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            predicted[i] = best;
            seen[yTrue[i]] = true;
        }

        var tally = LabelTally.Build(yTrue, predicted, sampleWeights);
        var report = new ReportBuilder();
        report.Add(MetricNames.Accuracy, ClassificationMetrics.Accuracy(yTrue, predicted, sampleWeights));
        report.Add(MetricNames.BalancedAccuracy, ClassificationMetrics.BalancedAccuracy(tally));
        var macro = ClassificationMetrics.AveragedPrecisionRecallF1(tally, MetricAverage.Macro);
        var micro = ClassificationMetrics.AveragedPrecisionRecallF1(tally, MetricAverage.Micro);
        var weightedAverage = ClassificationMetrics.AveragedPrecisionRecallF1(tally, MetricAverage.Weighted);
        report.Add(MetricNames.PrecisionMacro, macro.Precision);
        report.Add(MetricNames.PrecisionMicro, micro.Precision);
        report.Add(MetricNames.PrecisionWeighted, weightedAverage.Precision);
        report.Add(MetricNames.RecallMacro, macro.Recall);
        report.Add(MetricNames.RecallMicro, micro.Recall);
        report.Add(MetricNames.RecallWeighted, weightedAverage.Recall);
        report.Add(MetricNames.F1Macro, macro.F1);
        report.Add(MetricNames.F1Micro, micro.F1);
        report.Add(MetricNames.F1Weighted, weightedAverage.F1);

        if (Array.TrueForAll(seen, s => s))
        {
            report.Add(MetricNames.RocAucOvr, RankingMetrics.RocAucOvr(yTrue, probabilities, classCount, MetricAverage.Macro, sampleWeights));
            report.Add(
                MetricNames.RocAucOvrWeighted,
                RankingMetrics.RocAucOvr(yTrue, probabilities, classCount, MetricAverage.Weighted, sampleWeights));
            if (!weighted)
            {
                report.Add(MetricNames.RocAucOvo, RankingMetrics.RocAucOvo(yTrue, probabilities, classCount, MetricAverage.Macro));
                report.Add(MetricNames.RocAucOvoWeighted, RankingMetrics.RocAucOvo(yTrue, probabilities, classCount, MetricAverage.Weighted));
            }
        }

        report.Add(MetricNames.LogLoss, ProbabilityMetrics.LogLoss(yTrue, probabilities, classCount, sampleWeights));
        report.Add(MetricNames.MatthewsCorrcoef, ClassificationMetrics.MatthewsCorrcoef(tally));
        report.Add(MetricNames.CohenKappa, ClassificationMetrics.CohenKappa(tally, KappaWeighting.None));
        if (topK < classCount)
        {
            report.Add(MetricNames.TopKAccuracy, ProbabilityMetrics.TopKAccuracy(yTrue, probabilities, classCount, topK, sampleWeights));
        }

        return report.Build();
    }
}
