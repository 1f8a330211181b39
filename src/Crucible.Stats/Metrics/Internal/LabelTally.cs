namespace Crucible.Stats.Metrics.Internal;

/// <summary>
/// Weighted confusion counts over the labels present in y_true or y_pred (sklearn's default
/// <c>labels=None</c>), indexed densely in ascending label order.
/// </summary>
internal sealed class LabelTally
{
    private LabelTally(int[] labels, double[] counts)
    {
        Labels = labels;
        Counts = counts;
    }

    /// <summary>Present labels, ascending; dense index i stands for label Labels[i].</summary>
    internal int[] Labels { get; }

    /// <summary>Row-major P-by-P counts: row = true label, column = predicted label.</summary>
    internal double[] Counts { get; }

    internal int Size => Labels.Length;

    internal double this[int trueIndex, int predictedIndex] => Counts[(trueIndex * Labels.Length) + predictedIndex];

    internal static LabelTally Build(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, ReadOnlySpan<double> sampleWeights)
    {
        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        MetricGuard.SameLength(yTrue.Length, yPred.Length, nameof(yTrue), nameof(yPred));
        var maxLabel = Math.Max(MetricGuard.MaxLabel(yTrue, nameof(yTrue)), MetricGuard.MaxLabel(yPred, nameof(yPred)));
        var weighted = MetricGuard.Weights(sampleWeights, yTrue.Length);

        var dense = new int[maxLabel + 1];
        for (var i = 0; i < yTrue.Length; i++)
        {
            dense[yTrue[i]] = 1;
            dense[yPred[i]] = 1;
        }

        var present = 0;
        for (var label = 0; label < dense.Length; label++)
        {
            present += dense[label];
        }

        var labels = new int[present];
        var next = 0;
        for (var label = 0; label < dense.Length; label++)
        {
            if (dense[label] != 0)
            {
                labels[next] = label;
                dense[label] = next++;
            }
        }

        var counts = new double[present * present];
        for (var i = 0; i < yTrue.Length; i++)
        {
            counts[(dense[yTrue[i]] * present) + dense[yPred[i]]] += weighted ? sampleWeights[i] : 1.0;
        }

        return new LabelTally(labels, counts);
    }

    internal double RowSum(int trueIndex)
    {
        var sum = 0.0;
        for (var j = 0; j < Size; j++)
        {
            sum += this[trueIndex, j];
        }

        return sum;
    }

    internal double ColumnSum(int predictedIndex)
    {
        var sum = 0.0;
        for (var i = 0; i < Size; i++)
        {
            sum += this[i, predictedIndex];
        }

        return sum;
    }
}
