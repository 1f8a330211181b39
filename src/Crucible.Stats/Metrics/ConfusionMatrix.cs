using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>
/// A (sample-weighted) confusion matrix over classes 0..K-1: rows are true labels, columns predicted labels,
/// as <c>sklearn.metrics.confusion_matrix(y_true, y_pred, labels=range(K))</c>.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly double[] _counts;

    private ConfusionMatrix(int classCount, double[] counts)
    {
        ClassCount = classCount;
        _counts = counts;
    }

    /// <summary>Number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>Total (weighted) number of rows counted.</summary>
    public double Total
    {
        get
        {
            var sum = 0.0;
            foreach (var c in _counts)
            {
                sum += c;
            }

            return sum;
        }
    }

    /// <summary>The (weighted) count of rows with true label <paramref name="trueLabel"/> predicted as <paramref name="predictedLabel"/>.</summary>
    public double this[int trueLabel, int predictedLabel]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(trueLabel);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(trueLabel, ClassCount);
            ArgumentOutOfRangeException.ThrowIfNegative(predictedLabel);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predictedLabel, ClassCount);
            return _counts[(trueLabel * ClassCount) + predictedLabel];
        }
    }

    /// <summary>Counts the pairs; labels must lie in 0..classCount-1.</summary>
    public static ConfusionMatrix Compute(
        ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, int classCount, ReadOnlySpan<double> sampleWeights = default)
    {
        MetricGuard.ClassCount(classCount, 1);
        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        MetricGuard.SameLength(yTrue.Length, yPred.Length, nameof(yTrue), nameof(yPred));
        MetricGuard.LabelsInRange(yTrue, classCount, nameof(yTrue));
        MetricGuard.LabelsInRange(yPred, classCount, nameof(yPred));
        var weighted = MetricGuard.Weights(sampleWeights, yTrue.Length);
        var counts = new double[classCount * classCount];
        for (var i = 0; i < yTrue.Length; i++)
        {
            counts[(yTrue[i] * classCount) + yPred[i]] += weighted ? sampleWeights[i] : 1.0;
        }

        return new ConfusionMatrix(classCount, counts);
    }

    /// <summary>A copy of the matrix as jagged rows (row = true label).</summary>
    public double[][] ToRows()
    {
        var rows = new double[ClassCount][];
        for (var i = 0; i < ClassCount; i++)
        {
            rows[i] = _counts.AsSpan(i * ClassCount, ClassCount).ToArray();
        }

        return rows;
    }
}
