using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>
/// Metrics on hard class predictions, defined exactly as scikit-learn defines them (default
/// <c>zero_division="warn"</c>, i.e. an undefined ratio is 0.0). Labels are class indices (non-negative ints);
/// per-class statistics use the labels present in y_true or y_pred, as sklearn does with <c>labels=None</c>.
/// Sample weights are optional (empty = unweighted) and must be finite, non-negative, with a positive sum.
/// </summary>
public static partial class ClassificationMetrics
{
    /// <summary>Fraction (weighted) of rows with yPred == yTrue (<c>accuracy_score</c>).</summary>
    public static double Accuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, ReadOnlySpan<double> sampleWeights = default)
    {
        MetricGuard.NotEmpty(yTrue.Length, nameof(yTrue));
        MetricGuard.SameLength(yTrue.Length, yPred.Length, nameof(yTrue), nameof(yPred));
        MetricGuard.MaxLabel(yTrue, nameof(yTrue));
        MetricGuard.MaxLabel(yPred, nameof(yPred));
        if (!MetricGuard.Weights(sampleWeights, yTrue.Length))
        {
            long correct = 0;
            for (var i = 0; i < yTrue.Length; i++)
            {
                if (yTrue[i] == yPred[i])
                {
                    correct++;
                }
            }

            return (double)correct / yTrue.Length;
        }

        var hit = 0.0;
        var total = 0.0;
        for (var i = 0; i < yTrue.Length; i++)
        {
            var w = sampleWeights[i];
            total += w;
            if (yTrue[i] == yPred[i])
            {
                hit += w;
            }
        }

        return hit / total;
    }

    /// <summary>Mean per-class recall over classes present in yTrue (<c>balanced_accuracy_score</c>, adjusted=False).</summary>
    public static double BalancedAccuracy(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, ReadOnlySpan<double> sampleWeights = default)
    {
        return BalancedAccuracy(LabelTally.Build(yTrue, yPred, sampleWeights));
    }

    /// <summary>Matthews correlation coefficient, binary or multiclass (<c>matthews_corrcoef</c>); 0 when undefined.</summary>
    public static double MatthewsCorrcoef(ReadOnlySpan<int> yTrue, ReadOnlySpan<int> yPred, ReadOnlySpan<double> sampleWeights = default)
    {
        return MatthewsCorrcoef(LabelTally.Build(yTrue, yPred, sampleWeights));
    }

    /// <summary>
    /// Cohen's kappa (<c>cohen_kappa_score</c>). For linear and quadratic weighting the distance between two labels
    /// is the distance between their positions among the labels present in either input, as sklearn does with
    /// <c>labels=None</c>. NaN when the expected disagreement is zero (sklearn returns NaN there too).
    /// </summary>
    public static double CohenKappa(
        ReadOnlySpan<int> yTrue,
        ReadOnlySpan<int> yPred,
        KappaWeighting weighting = KappaWeighting.None,
        ReadOnlySpan<double> sampleWeights = default)
    {
        return CohenKappa(LabelTally.Build(yTrue, yPred, sampleWeights), weighting);
    }

    internal static double BalancedAccuracy(LabelTally tally)
    {
        var sum = 0.0;
        var classes = 0;
        for (var i = 0; i < tally.Size; i++)
        {
            var support = tally.RowSum(i);
            if (support != 0.0)
            {
                sum += tally[i, i] / support;
                classes++;
            }
        }

        return sum / classes;
    }

    internal static double MatthewsCorrcoef(LabelTally tally)
    {
        var p = tally.Size;
        var correct = 0.0;
        var samples = 0.0;
        var truePred = 0.0;
        var predPred = 0.0;
        var trueTrue = 0.0;
        for (var k = 0; k < p; k++)
        {
            var t = tally.RowSum(k);
            var q = tally.ColumnSum(k);
            correct += tally[k, k];
            samples += q;
            truePred += t * q;
            predPred += q * q;
            trueTrue += t * t;
        }

        var covTruePred = (correct * samples) - truePred;
        var covPredPred = (samples * samples) - predPred;
        var covTrueTrue = (samples * samples) - trueTrue;
        if (covPredPred * covTrueTrue == 0.0)
        {
            return 0.0;
        }

        return covTruePred / Math.Sqrt(covTrueTrue * covPredPred);
    }

    internal static double CohenKappa(LabelTally tally, KappaWeighting weighting)
    {
        var p = tally.Size;
        var columnSums = new double[p];
        var rowSums = new double[p];
        var total = 0.0;
        for (var k = 0; k < p; k++)
        {
            columnSums[k] = tally.ColumnSum(k);
            rowSums[k] = tally.RowSum(k);
            total += columnSums[k];
        }

        var observed = 0.0;
        var expected = 0.0;
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                double w = weighting switch
                {
                    KappaWeighting.None => i == j ? 0 : 1,
                    KappaWeighting.Linear => Math.Abs(i - j),
                    KappaWeighting.Quadratic => (i - j) * (i - j),
                    _ => throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "Unknown kappa weighting."),
                };
                observed += w * tally[i, j];
                expected += w * (columnSums[i] * rowSums[j] / total);
            }
        }

        return 1.0 - (observed / expected);
    }
}
