using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>Precision, recall and F1 (sklearn's <c>precision_recall_fscore_support</c> with beta = 1).</summary>
public static partial class ClassificationMetrics
{
    /// <summary>Binary precision for <paramref name="positiveLabel"/>; labels must be 0 or 1.</summary>
    public static double Precision(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int positiveLabel = 1, ReadOnlySpan<double> sampleWeights = default)
        => BinaryPrecisionRecallF1(yTrue, yPred, positiveLabel, sampleWeights).Precision;

    /// <summary>Binary recall for <paramref name="positiveLabel"/>; labels must be 0 or 1.</summary>
    public static double Recall(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int positiveLabel = 1, ReadOnlySpan<double> sampleWeights = default)
        => BinaryPrecisionRecallF1(yTrue, yPred, positiveLabel, sampleWeights).Recall;

    /// <summary>Binary F1 for <paramref name="positiveLabel"/>; labels must be 0 or 1.</summary>
    public static double F1(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int positiveLabel = 1, ReadOnlySpan<double> sampleWeights = default)
        => BinaryPrecisionRecallF1(yTrue, yPred, positiveLabel, sampleWeights).F1;

    /// <summary>Averaged precision over the labels present in either input.</summary>
    public static double Precision(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, MetricAverage average, ReadOnlySpan<double> sampleWeights = default)
        => AveragedPrecisionRecallF1(yTrue, yPred, average, sampleWeights).Precision;

    /// <summary>Averaged recall over the labels present in either input.</summary>
    public static double Recall(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, MetricAverage average, ReadOnlySpan<double> sampleWeights = default)
        => AveragedPrecisionRecallF1(yTrue, yPred, average, sampleWeights).Recall;

    /// <summary>Averaged F1 over the labels present in either input (macro F1 averages per-class F1 scores).</summary>
    public static double F1(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, MetricAverage average, ReadOnlySpan<double> sampleWeights = default)
        => AveragedPrecisionRecallF1(yTrue, yPred, average, sampleWeights).F1;

    /// <summary>Binary precision, recall and F1 for <paramref name="positiveLabel"/> (sklearn's <c>average="binary"</c>).</summary>
    public static PrecisionRecallF1 BinaryPrecisionRecallF1(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int positiveLabel = 1, ReadOnlySpan<double> sampleWeights = default)
    {
        if (positiveLabel is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException(nameof(positiveLabel), positiveLabel, "The positive label must be 0 or 1.");
        }

        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        MetricGuard.SameLength(yTrue.Length, yPred.Length, nameof(yTrue), nameof(yPred));
        MetricGuard.LabelsInRange(yTrue, 2, nameof(yTrue));
        MetricGuard.LabelsInRange(yPred, 2, nameof(yPred));
        var weighted = MetricGuard.Weights(sampleWeights, yTrue.Length);
        var tp = 0.0;
        var predicted = 0.0;
        var actual = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var w = weighted ? sampleWeights[i] : 1.0;
            var isTrue = yTrue[i] == positiveLabel;
            var isPred = yPred[i] == positiveLabel;
            if (isPred)
            {
                predicted += w;
            }

            if (isTrue)
            {
                actual += w;
                if (isPred)
                {
                    tp += w;
                }
            }
        }

        return FromCounts(tp, predicted, actual);
    }

    /// <summary>Macro, micro or weighted precision, recall and F1 together.</summary>
    public static PrecisionRecallF1 AveragedPrecisionRecallF1(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, MetricAverage average, ReadOnlySpan<double> sampleWeights = default)
    {
        return AveragedPrecisionRecallF1(LabelTally.Build(yTrue, yPred, sampleWeights), average);
    }

    internal static PrecisionRecallF1 AveragedPrecisionRecallF1(LabelTally tally, MetricAverage average)
    {
        var p = tally.Size;
        if (average == MetricAverage.Micro)
        {
            double tpSum = 0.0, predSum = 0.0, trueSum = 0.0;
            for (var k = 0; k < p; k++)
            {
                tpSum += tally[k, k];
                predSum += tally.ColumnSum(k);
                trueSum += tally.RowSum(k);
            }

            return FromCounts(tpSum, predSum, trueSum);
        }

        if (average is not (MetricAverage.Macro or MetricAverage.Weighted))
        {
            throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown averaging mode.");
        }

        double precision = 0.0, recall = 0.0, f1 = 0.0, weightSum = 0.0;
        for (var k = 0; k < p; k++)
        {
            var support = tally.RowSum(k);
            var scores = FromCounts(tally[k, k], tally.ColumnSum(k), support);
            var weight = average == MetricAverage.Weighted ? support : 1.0;
            precision += scores.Precision * weight;
            recall += scores.Recall * weight;
            f1 += scores.F1 * weight;
            weightSum += weight;
        }

        if (weightSum == 0.0)
        {
            return new PrecisionRecallF1(0.0, 0.0, 0.0);
        }

        return new PrecisionRecallF1(precision / weightSum, recall / weightSum, f1 / weightSum);
    }

    private static PrecisionRecallF1 FromCounts(double truePositives, double predicted, double actual)
    {
        var precision = predicted == 0.0 ? 0.0 : truePositives / predicted;
        var recall = actual == 0.0 ? 0.0 : truePositives / actual;
        var denominator = precision + recall;
        if (denominator == 0.0)
        {
            denominator = 1.0;
        }

        var f1 = 2.0 * precision * recall / denominator;
        return new PrecisionRecallF1(precision, recall, f1);
    }
}
