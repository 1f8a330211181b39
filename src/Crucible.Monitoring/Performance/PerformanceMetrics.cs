using Crucible.Stats.Metrics;

namespace Crucible.Monitoring.Performance;

/// <summary>
/// The metrics of a window, realized from labels (scikit-learn's definitions, through Crucible.Stats) or estimated by
/// CBPE from calibrated probabilities. A row is predicted positive when its score is at least the decision threshold
/// (0.5 by default). A value that cannot be computed (ROC AUC of a single class, R² of a constant target) is NaN.
/// </summary>
public static class PerformanceMetrics
{
    /// <summary>The metrics of a task, in the order they are reported.</summary>
    public static IReadOnlyList<string> Names(PerformanceTask task) => task == PerformanceTask.BinaryClassification
        ? [MetricNames.Accuracy, MetricNames.Precision, MetricNames.Recall, MetricNames.F1, MetricNames.RocAuc]
        : [MetricNames.MeanAbsoluteError, MetricNames.RootMeanSquaredError, MetricNames.R2];

    /// <summary>True when a label can be scored under the task (0 or 1 for a classifier, any finite number for a regressor).</summary>
    public static bool Usable(PerformanceTask task, double label) =>
        task == PerformanceTask.Regression ? double.IsFinite(label) : label is 0 or 1;

    /// <summary>Realized metrics of labelled rows (labels already <see cref="Usable"/>), keyed by <see cref="Names"/>.</summary>
    public static IReadOnlyDictionary<string, double> Realized(PerformanceTask task, ReadOnlySpan<double> scores, ReadOnlySpan<double> labels, double threshold)
    {
        if (scores.Length == 0)
        {
            return Names(task).ToDictionary(n => n, _ => double.NaN);
        }

        if (task == PerformanceTask.Regression)
        {
            var r2 = RegressionMetrics.R2(labels, scores);
            return new Dictionary<string, double>
            {
                [MetricNames.MeanAbsoluteError] = RegressionMetrics.MeanAbsoluteError(labels, scores),
                [MetricNames.RootMeanSquaredError] = RegressionMetrics.RootMeanSquaredError(labels, scores),
                [MetricNames.R2] = r2,
            };
        }

        var yTrue = new int[scores.Length];
        var yPred = new int[scores.Length];
        var bothClasses = false;
        for (var i = 0; i < scores.Length; i++)
        {
            yTrue[i] = (int)labels[i];
            yPred[i] = scores[i] >= threshold ? 1 : 0;
            bothClasses |= yTrue[i] != yTrue[0];
        }

        var prf = ClassificationMetrics.BinaryPrecisionRecallF1(yTrue, yPred);
        return new Dictionary<string, double>
        {
            [MetricNames.Accuracy] = ClassificationMetrics.Accuracy(yTrue, yPred),
            [MetricNames.Precision] = prf.Precision,
            [MetricNames.Recall] = prf.Recall,
            [MetricNames.F1] = prf.F1,
            [MetricNames.RocAuc] = bothClasses ? RankingMetrics.RocAuc(yTrue, scores) : double.NaN,
        };
    }

    /// <summary>
    /// CBPE's estimates from calibrated probabilities p and the model's predicted classes: the expected confusion matrix
    /// TP = Σ p·ŷ, FP = Σ (1 − p)·ŷ, FN = Σ p·(1 − ŷ), TN = Σ (1 − p)·(1 − ŷ) gives accuracy, precision, recall and f1
    /// (0 where a ratio is 0/0, as sklearn's zero_division); the expected ROC AUC counts every row as a positive of
    /// weight p and a negative of weight 1 − p, ranked by p, and takes sklearn's weighted ROC AUC of that.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Estimated(ReadOnlySpan<double> probabilities, ReadOnlySpan<double> scores, double threshold)
    {
        double tp = 0, fp = 0, fn = 0, tn = 0;
        var n = probabilities.Length;
        for (var i = 0; i < n; i++)
        {
            var p = probabilities[i];
            if (scores[i] >= threshold)
            {
                tp += p;
                fp += 1 - p;
            }
            else
            {
                fn += p;
                tn += 1 - p;
            }
        }

        return new Dictionary<string, double>
        {
            [MetricNames.Accuracy] = n == 0 ? double.NaN : (tp + tn) / n,
            [MetricNames.Precision] = Ratio(tp, tp + fp),
            [MetricNames.Recall] = Ratio(tp, tp + fn),
            [MetricNames.F1] = Ratio(2 * tp, (2 * tp) + fp + fn),
            [MetricNames.RocAuc] = ExpectedRocAuc(probabilities),
        };
    }

    private static double Ratio(double a, double b) => b == 0 ? 0 : a / b;

    private static double ExpectedRocAuc(ReadOnlySpan<double> p)
    {
        var labels = new int[2 * p.Length];
        var scores = new double[2 * p.Length];
        var weights = new double[2 * p.Length];
        double positive = 0, negative = 0;
        for (var i = 0; i < p.Length; i++)
        {
            (labels[2 * i], scores[2 * i], weights[2 * i]) = (1, p[i], p[i]);
            (labels[(2 * i) + 1], scores[(2 * i) + 1], weights[(2 * i) + 1]) = (0, p[i], 1 - p[i]);
            positive += p[i];
            negative += 1 - p[i];
        }

        return positive > 0 && negative > 0 ? RankingMetrics.RocAuc(labels, scores, weights) : double.NaN;
    }
}
