using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>
/// Metrics on predicted probabilities or class scores, defined as scikit-learn defines them: <c>log_loss</c>,
/// <c>brier_score_loss</c> and <c>top_k_accuracy_score</c>. Binary inputs take labels 0/1 and the probability of
/// class 1; multiclass inputs take a row-major n-by-K matrix. Sample weights are optional (empty = unweighted).
/// </summary>
public static partial class ProbabilityMetrics
{
    /// <summary>
    /// The clipping bound of <c>log_loss</c>: sklearn (1.2 onwards, <c>eps="auto"</c>) clips probabilities to
    /// [eps, 1 - eps] with eps the machine epsilon of float64, then renormalises each row.
    /// </summary>
    public const double LogLossEpsilon = 2.220446049250313e-16;

    /// <summary>Binary log loss from the probability of class 1 (clipped to [eps, 1 - eps] as sklearn does).</summary>
    public static double LogLoss(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> positiveProbabilities, ReadOnlySpan<double> sampleWeights = default)
    {
        ValidateBinary(yTrue, positiveProbabilities, sampleWeights);
        return BinaryLogLoss(yTrue, positiveProbabilities, sampleWeights);
    }

    /// <summary>Multiclass log loss over classes 0..K-1 (sklearn with <c>labels=range(K)</c>); rows must sum to 1.</summary>
    public static double LogLoss(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<double> probabilities, int classCount, ReadOnlySpan<double> sampleWeights = default)
    {
        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        var rows = MetricGuard.ProbabilityMatrix(probabilities, classCount, nameof(probabilities));
        MetricGuard.SameLength(yTrue.Length, rows, nameof(yTrue), "rows of probabilities");
        MetricGuard.LabelsInRange(yTrue, classCount, nameof(yTrue));
        var weighted = MetricGuard.Weights(sampleWeights, yTrue.Length);
        var sum = 0.0;
        var weightSum = 0.0;
        for (var i = 0; i < rows; i++)
        {
            var row = probabilities.Slice(i * classCount, classCount);
            var rowSum = 0.0;
            for (var c = 0; c < classCount; c++)
            {
                rowSum += Clip(row[c]);
            }

            var loss = -Math.Log(Clip(row[yTrue[i]]) / rowSum);
            var w = weighted ? sampleWeights[i] : 1.0;
            sum += w * loss;
            weightSum += w;
        }

        return sum / weightSum;
    }

    /// <summary>Mean (weighted) squared difference between the 0/1 outcome and the probability of class 1.</summary>
    public static double BrierScore(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> positiveProbabilities, ReadOnlySpan<double> sampleWeights = default)
    {
        ValidateBinary(yTrue, positiveProbabilities, sampleWeights);
        return BinaryBrier(yTrue, positiveProbabilities, sampleWeights);
    }

    /// <summary>
    /// Fraction (weighted) of rows whose true class is among the <paramref name="k"/> highest scores. Ties are broken as
    /// sklearn's reversed stable argsort breaks them: among equal scores the higher class index ranks first.
    /// Scores need not be probabilities, but must be finite.
    /// </summary>
    public static double TopKAccuracy(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<double> scores, int classCount, int k, ReadOnlySpan<double> sampleWeights = default)
    {
        MetricGuard.ClassCount(classCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        if (scores.Length != yTrue.Length * (long)classCount)
        {
            throw new ArgumentException(
                $"Length mismatch: scores has {MetricGuard.Fmt(scores.Length)} values but yTrue has {MetricGuard.Fmt(yTrue.Length)} rows " +
                $"of {MetricGuard.Fmt(classCount)} classes.", nameof(scores));
        }

        MetricGuard.Finite(scores, nameof(scores));
        MetricGuard.LabelsInRange(yTrue, classCount, nameof(yTrue));
        var weighted = MetricGuard.Weights(sampleWeights, yTrue.Length);
        var hit = 0.0;
        var total = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var row = scores.Slice(i * classCount, classCount);
            var t = yTrue[i];
            var target = row[t];
            var ahead = 0;
            for (var j = 0; j < classCount; j++)
            {
                if (row[j] > target || (row[j] == target && j > t))
                {
                    ahead++;
                }
            }

            var w = weighted ? sampleWeights[i] : 1.0;
            total += w;
            if (ahead < k)
            {
                hit += w;
            }
        }

        return hit / total;
    }

    internal static double BinaryLogLoss(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> p, ReadOnlySpan<double> sampleWeights)
    {
        var weighted = !sampleWeights.IsEmpty;
        var sum = 0.0;
        var weightSum = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var positive = Clip(p[i]);
            var negative = 1.0 - positive;
            var picked = yTrue[i] == 1 ? positive : negative;
            var loss = -Math.Log(picked / (negative + positive));
            var w = weighted ? sampleWeights[i] : 1.0;
            sum += w * loss;
            weightSum += w;
        }

        return sum / weightSum;
    }

    internal static double BinaryBrier(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> p, ReadOnlySpan<double> sampleWeights)
    {
        var weighted = !sampleWeights.IsEmpty;
        var sum = 0.0;
        var weightSum = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var d = yTrue[i] - p[i];
            var w = weighted ? sampleWeights[i] : 1.0;
            sum += w * (d * d);
            weightSum += w;
        }

        return sum / weightSum;
    }

    internal static void ValidateBinary(ReadOnlySpan<int> yTrue, ReadOnlySpan<double> positiveProbabilities, ReadOnlySpan<double> sampleWeights)
    {
        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        MetricGuard.SameLength(yTrue.Length, positiveProbabilities.Length, nameof(yTrue), nameof(positiveProbabilities));
        MetricGuard.LabelsInRange(yTrue, 2, nameof(yTrue));
        MetricGuard.Probabilities(positiveProbabilities, nameof(positiveProbabilities));
        MetricGuard.Weights(sampleWeights, yTrue.Length);
    }

    private static double Clip(double p) => Math.Min(Math.Max(p, LogLossEpsilon), 1.0 - LogLossEpsilon);
}
