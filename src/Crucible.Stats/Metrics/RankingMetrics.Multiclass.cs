using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>
/// Multiclass ROC AUC (sklearn's <c>roc_auc_score</c> with <c>multi_class="ovr"</c> or <c>"ovo"</c>).
/// Probabilities are a row-major n-by-K matrix whose rows sum to 1; every class 0..K-1 must occur in y_true,
/// as sklearn requires when it infers the classes from y_true.
/// </summary>
public static partial class RankingMetrics
{
    /// <summary>One-vs-rest AUC: each class against all others, averaged macro, weighted (by support) or micro.</summary>
    public static double RocAucOvr(
        ReadOnlySpan<int> yTrue,
        ReadOnlySpan<double> probabilities,
        int classCount,
        MetricAverage average = MetricAverage.Macro,
        ReadOnlySpan<double> sampleWeights = default)
    {
        var weighted = ValidateMulticlass(yTrue, probabilities, classCount, sampleWeights);
        if (average == MetricAverage.Micro)
        {
            return MicroOvr(yTrue, probabilities, classCount, sampleWeights);
        }

        if (average is not (MetricAverage.Macro or MetricAverage.Weighted))
        {
            throw new ArgumentOutOfRangeException(nameof(average), average, "Unknown averaging mode.");
        }

        var support = new double[classCount];
        for (var i = 0; i < yTrue.Length; i++)
        {
            support[yTrue[i]] += weighted ? sampleWeights[i] : 1.0;
        }

        var sum = 0.0;
        var weightSum = 0.0;
        for (var c = 0; c < classCount; c++)
        {
            var points = BinaryCurvePoints.BuildOneVsRest(yTrue, probabilities, classCount, c, sampleWeights);
            var auc = RankingMath.Auc(points);
            var weight = average == MetricAverage.Weighted ? support[c] : 1.0;
            sum += (weight == 0.0 ? 0.0 : auc) * weight;
            weightSum += weight;
        }

        return sum / weightSum;
    }

    /// <summary>
    /// One-vs-one AUC (Hand and Till, 2001): for each pair of classes, the mean of the two AUCs computed on the rows of
    /// that pair, averaged uniformly (macro) or by the pair's share of rows (weighted). sklearn takes no sample weights here.
    /// </summary>
    public static double RocAucOvo(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<double> probabilities, int classCount, MetricAverage average = MetricAverage.Macro)
    {
        ValidateMulticlass(yTrue, probabilities, classCount, default);
        if (average is not (MetricAverage.Macro or MetricAverage.Weighted))
        {
            throw new ArgumentOutOfRangeException(nameof(average), average, "One-vs-one AUC supports macro or weighted averaging.");
        }

        var n = yTrue.Length;
        var truth = new int[n];
        var scores = new double[n];
        var sum = 0.0;
        var weightSum = 0.0;
        for (var a = 0; a < classCount; a++)
        {
            for (var b = a + 1; b < classCount; b++)
            {
                var m = 0;
                for (var i = 0; i < n; i++)
                {
                    if (yTrue[i] == a || yTrue[i] == b)
                    {
                        m++;
                    }
                }

                var aScore = PairAuc(yTrue, probabilities, classCount, a, b, a, truth, scores);
                var bScore = PairAuc(yTrue, probabilities, classCount, a, b, b, truth, scores);
                var weight = average == MetricAverage.Weighted ? (double)m / n : 1.0;
                sum += (aScore + bScore) / 2.0 * weight;
                weightSum += weight;
            }
        }

        return sum / weightSum;
    }

    private static double PairAuc(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<double> probabilities, int classCount, int a, int b, int positive, int[] truth, double[] scores)
    {
        var m = 0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var y = yTrue[i];
            if (y == a || y == b)
            {
                truth[m] = y == positive ? 1 : 0;
                scores[m] = probabilities[(i * classCount) + positive];
                m++;
            }
        }

        var points = BinaryCurvePoints.Build(truth.AsSpan(0, m), scores.AsSpan(0, m), default);
        return RankingMath.Auc(points);
    }

    private static double MicroOvr(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> probabilities, int classCount, ReadOnlySpan<double> sampleWeights)
    {
        var n = yTrue.Length;
        var truth = new int[n * classCount];
        for (var i = 0; i < n; i++)
        {
            truth[(i * classCount) + yTrue[i]] = 1;
        }

        double[]? repeated = null;
        if (!sampleWeights.IsEmpty)
        {
            repeated = new double[n * classCount];
            for (var i = 0; i < n; i++)
            {
                repeated.AsSpan(i * classCount, classCount).Fill(sampleWeights[i]);
            }
        }

        return RankingMath.Auc(BinaryCurvePoints.Build(truth, probabilities, repeated));
    }

    private static bool ValidateMulticlass(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<double> probabilities, int classCount, ReadOnlySpan<double> sampleWeights)
    {
        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        var rows = MetricGuard.ProbabilityMatrix(probabilities, classCount, nameof(probabilities));
        MetricGuard.SameLength(yTrue.Length, rows, nameof(yTrue), "rows of probabilities");
        MetricGuard.LabelsInRange(yTrue, classCount, nameof(yTrue));
        var weighted = MetricGuard.Weights(sampleWeights, yTrue.Length);
        var seen = new bool[classCount];
        foreach (var y in yTrue)
        {
            seen[y] = true;
        }

        for (var c = 0; c < classCount; c++)
        {
            if (!seen[c])
            {
                throw new ArgumentException(
                    $"Class {MetricGuard.Fmt(c)} never occurs in yTrue; multiclass ROC AUC needs every one of the " +
                    $"{MetricGuard.Fmt(classCount)} classes present.", nameof(yTrue));
            }
        }

        return weighted;
    }
}
