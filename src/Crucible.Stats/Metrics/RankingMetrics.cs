using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>
/// Threshold-free binary metrics defined on a ranking of scores, exactly as scikit-learn defines them:
/// <c>roc_auc_score</c>, <c>roc_curve</c>, <c>precision_recall_curve</c> and <c>average_precision_score</c>.
/// Labels are 0 (negative) and 1 (positive); scores are any finite doubles where higher means "more positive".
/// Sample weights are optional (empty = unweighted); zero-weight rows are dropped as sklearn drops them.
/// </summary>
public static partial class RankingMetrics
{
    /// <summary>Area under the ROC curve (trapezoid over distinct thresholds, so ties count one half).</summary>
    /// <exception cref="ArgumentException">Bad input, or y_true holds a single class (the AUC is undefined, as in sklearn).</exception>
    public static double RocAuc(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> scores, ReadOnlySpan<double> sampleWeights = default)
    {
        var points = BuildPoints(yTrue, scores, sampleWeights);
        RequireBothClasses(yTrue, "roc_auc");
        return RankingMath.Auc(points);
    }

    /// <summary>Average precision, sklearn's step-wise (non-interpolated) sum of (R_n - R_{n-1}) * P_n.</summary>
    /// <remarks>With no positive rows sklearn sets recall to 1 everywhere and the result is 0.</remarks>
    public static double AveragePrecision(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> scores, ReadOnlySpan<double> sampleWeights = default)
    {
        var points = BuildPoints(yTrue, scores, sampleWeights);
        return RankingMath.AveragePrecision(points);
    }

    /// <summary>The ROC curve; <paramref name="dropIntermediate"/> drops collinear points exactly as sklearn does.</summary>
    public static RocCurve RocCurve(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<double> scores, ReadOnlySpan<double> sampleWeights = default, bool dropIntermediate = true)
    {
        var points = BuildPoints(yTrue, scores, sampleWeights);
        var keep = SelectRocPoints(points, dropIntermediate);
        var m = keep.Length + 1;
        var fpr = new double[m];
        var tpr = new double[m];
        var thresholds = new double[m];
        var totalFp = points.TotalNegatives;
        var totalTp = points.TotalPositives;
        thresholds[0] = points.Thresholds[keep[0]] + 1.0;
        fpr[0] = totalFp <= 0.0 ? double.NaN : 0.0;
        tpr[0] = totalTp <= 0.0 ? double.NaN : 0.0;
        for (var j = 0; j < keep.Length; j++)
        {
            var i = keep[j];
            fpr[j + 1] = totalFp <= 0.0 ? double.NaN : points.FalsePositives[i] / totalFp;
            tpr[j + 1] = totalTp <= 0.0 ? double.NaN : points.TruePositives[i] / totalTp;
            thresholds[j + 1] = points.Thresholds[i];
        }

        return new RocCurve(fpr, tpr, thresholds);
    }

    /// <summary>The precision-recall curve, with sklearn's conventions (thresholds increasing, final point (P=1, R=0)).</summary>
    public static PrecisionRecallCurve PrecisionRecallCurve(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<double> scores, ReadOnlySpan<double> sampleWeights = default)
    {
        var points = BuildPoints(yTrue, scores, sampleWeights);
        var m = points.Count;
        var precision = new double[m + 1];
        var recall = new double[m + 1];
        var thresholds = new double[m];
        var totalTp = points.TotalPositives;
        for (var i = 0; i < m; i++)
        {
            var j = m - 1 - i;
            var tp = points.TruePositives[i];
            var predicted = tp + points.FalsePositives[i];
            precision[j] = predicted != 0.0 ? tp / predicted : 0.0;
            recall[j] = totalTp == 0.0 ? 1.0 : tp / totalTp;
            thresholds[j] = points.Thresholds[i];
        }

        precision[m] = 1.0;
        recall[m] = 0.0;
        return new PrecisionRecallCurve(precision, recall, thresholds);
    }

    internal static BinaryCurvePoints BuildPoints(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> scores, ReadOnlySpan<double> sampleWeights)
    {
        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        MetricGuard.SameLength(yTrue.Length, scores.Length, nameof(yTrue), nameof(scores));
        MetricGuard.LabelsInRange(yTrue, 2, nameof(yTrue));
        MetricGuard.Finite(scores, nameof(scores));
        MetricGuard.Weights(sampleWeights, yTrue.Length);
        return BinaryCurvePoints.Build(yTrue, scores, sampleWeights);
    }

    internal static void RequireBothClasses(ReadOnlySpan<int> yTrue, string metric)
    {
        var first = yTrue[0];
        for (var i = 1; i < yTrue.Length; i++)
        {
            if (yTrue[i] != first)
            {
                return;
            }
        }

        throw new ArgumentException(
            $"Only one class ({MetricGuard.Fmt(first)}) is present in yTrue; {metric} is not defined in that case.", nameof(yTrue));
    }

    private static int[] SelectRocPoints(BinaryCurvePoints points, bool dropIntermediate)
    {
        var m = points.Count;
        if (!dropIntermediate || m <= 2)
        {
            var all = new int[m];
            for (var i = 0; i < m; i++)
            {
                all[i] = i;
            }

            return all;
        }

        var fps = points.FalsePositives;
        var tps = points.TruePositives;
        var kept = new List<int>(Math.Min(m, 1024)) { 0 };
        for (var i = 1; i < m - 1; i++)
        {
            // sklearn keeps a point when either second difference is non-zero (a corner).
            var fpCurvature = (fps[i + 1] - fps[i]) - (fps[i] - fps[i - 1]);
            var tpCurvature = (tps[i + 1] - tps[i]) - (tps[i] - tps[i - 1]);
            if (fpCurvature != 0.0 || tpCurvature != 0.0)
            {
                kept.Add(i);
            }
        }

        kept.Add(m - 1);
        return [.. kept];
    }
}
