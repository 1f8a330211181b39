using Crucible.Evaluation.Inputs;
using Crucible.Stats.Metrics;

namespace Crucible.Evaluation.Harness;

/// <summary>
/// Computes the task's metrics on a subset of rows (a slice or a bootstrap resample, with repeats), keyed by
/// <see cref="MetricNames"/>. Metrics sklearn leaves undefined on the subset (roc_auc with a single class) are left out.
/// </summary>
internal static class MetricCalculator
{
    public static Dictionary<string, double> Compute(PredictionTable table, int[]? rows = null)
    {
        if (rows is { Length: 0 } || table.RowCount == 0)
        {
            return [];
        }

        var weights = table.Weights is null ? [] : Gather(table.Weights, rows);
        return table.Task switch
        {
            EvaluationTask.Regression => new Dictionary<string, double>(
                RegressionReport.Compute(Gather(table.Targets, rows), Gather(table.PredictedValues, rows), weights)),
            EvaluationTask.Binary => Binary(table, rows, weights),
            _ => Multiclass(table, rows, weights),
        };
    }

    /// <summary>The values at <paramref name="rows"/>; null rows means every row (the backing array, not a copy).</summary>
    internal static T[] Gather<T>(IReadOnlyList<T> values, int[]? rows)
    {
        if (rows is null)
        {
            return values as T[] ?? [.. values];
        }

        var result = new T[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            result[i] = values[rows[i]];
        }

        return result;
    }

    private static Dictionary<string, double> Binary(PredictionTable table, int[]? rows, double[] weights)
    {
        var yTrue = Gather(table.Labels, rows);
        if (table.HasScores && table.PredictedFromScores)
        {
            return new Dictionary<string, double>(BinaryClassificationReport.Compute(yTrue, Gather(table.Scores, rows), 0.5, weights));
        }

        var yPred = Gather(table.Predicted, rows);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricNames.Accuracy] = ClassificationMetrics.Accuracy(yTrue, yPred, weights),
            [MetricNames.BalancedAccuracy] = ClassificationMetrics.BalancedAccuracy(yTrue, yPred, weights),
        };
        var prf = ClassificationMetrics.BinaryPrecisionRecallF1(yTrue, yPred, 1, weights);
        metrics[MetricNames.Precision] = prf.Precision;
        metrics[MetricNames.Recall] = prf.Recall;
        metrics[MetricNames.F1] = prf.F1;
        if (table.HasScores)
        {
            var scores = Gather(table.Scores, rows);
            if (Array.Exists(yTrue, y => y != yTrue[0]))
            {
                metrics[MetricNames.RocAuc] = RankingMetrics.RocAuc(yTrue, scores, weights);
            }

            metrics[MetricNames.AveragePrecision] = RankingMetrics.AveragePrecision(yTrue, scores, weights);
            metrics[MetricNames.LogLoss] = ProbabilityMetrics.LogLoss(yTrue, scores, weights);
            metrics[MetricNames.BrierScore] = ProbabilityMetrics.BrierScore(yTrue, scores, weights);
        }

        metrics[MetricNames.MatthewsCorrcoef] = ClassificationMetrics.MatthewsCorrcoef(yTrue, yPred, weights);
        metrics[MetricNames.CohenKappa] = ClassificationMetrics.CohenKappa(yTrue, yPred, KappaWeighting.None, weights);
        return metrics;
    }

    private static Dictionary<string, double> Multiclass(PredictionTable table, int[]? rows, double[] weights)
    {
        var yTrue = Gather(table.Labels, rows);
        var k = table.ClassCount;
        if (table.HasScores && table.PredictedFromScores)
        {
            return new Dictionary<string, double>(MulticlassClassificationReport.Compute(yTrue, Gather(table.Scores, rows, k), k, weights, 2));
        }

        var yPred = Gather(table.Predicted, rows);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricNames.Accuracy] = ClassificationMetrics.Accuracy(yTrue, yPred, weights),
            [MetricNames.BalancedAccuracy] = ClassificationMetrics.BalancedAccuracy(yTrue, yPred, weights),
        };
        var macro = ClassificationMetrics.AveragedPrecisionRecallF1(yTrue, yPred, MetricAverage.Macro, weights);
        var micro = ClassificationMetrics.AveragedPrecisionRecallF1(yTrue, yPred, MetricAverage.Micro, weights);
        var weighted = ClassificationMetrics.AveragedPrecisionRecallF1(yTrue, yPred, MetricAverage.Weighted, weights);
        metrics[MetricNames.PrecisionMacro] = macro.Precision;
        metrics[MetricNames.PrecisionMicro] = micro.Precision;
        metrics[MetricNames.PrecisionWeighted] = weighted.Precision;
        metrics[MetricNames.RecallMacro] = macro.Recall;
        metrics[MetricNames.RecallMicro] = micro.Recall;
        metrics[MetricNames.RecallWeighted] = weighted.Recall;
        metrics[MetricNames.F1Macro] = macro.F1;
        metrics[MetricNames.F1Micro] = micro.F1;
        metrics[MetricNames.F1Weighted] = weighted.F1;
        if (table.HasScores)
        {
            var scores = Gather(table.Scores, rows, k);
            var seen = new bool[k];
            foreach (var y in yTrue)
            {
                seen[y] = true;
            }

            if (Array.TrueForAll(seen, s => s))
            {
                metrics[MetricNames.RocAucOvr] = RankingMetrics.RocAucOvr(yTrue, scores, k, MetricAverage.Macro, weights);
                metrics[MetricNames.RocAucOvrWeighted] = RankingMetrics.RocAucOvr(yTrue, scores, k, MetricAverage.Weighted, weights);
                if (weights.Length == 0)
                {
                    metrics[MetricNames.RocAucOvo] = RankingMetrics.RocAucOvo(yTrue, scores, k, MetricAverage.Macro);
                    metrics[MetricNames.RocAucOvoWeighted] = RankingMetrics.RocAucOvo(yTrue, scores, k, MetricAverage.Weighted);
                }
            }

            metrics[MetricNames.LogLoss] = ProbabilityMetrics.LogLoss(yTrue, scores, k, weights);
            if (k > 2)
            {
                metrics[MetricNames.TopKAccuracy] = ProbabilityMetrics.TopKAccuracy(yTrue, scores, k, 2, weights);
            }
        }

        metrics[MetricNames.MatthewsCorrcoef] = ClassificationMetrics.MatthewsCorrcoef(yTrue, yPred, weights);
        metrics[MetricNames.CohenKappa] = ClassificationMetrics.CohenKappa(yTrue, yPred, KappaWeighting.None, weights);
        return metrics;
    }

    private static double[] Gather(IReadOnlyList<double> values, int[]? rows, int width)
    {
        if (rows is null)
        {
            return Gather(values, null);
        }

        var result = new double[rows.Length * width];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var c = 0; c < width; c++)
            {
                result[(i * width) + c] = values[(rows[i] * width) + c];
            }
        }

        return result;
    }
}
