namespace Crucible.Stats.Metrics.Internal;

/// <summary>
/// Cumulative false/true positive mass at each distinct score, scanned from the highest score down
/// (scikit-learn's <c>_binary_clf_curve</c>): point i covers every row whose score is at least
/// <see cref="Thresholds"/>[i]. Zero-weight rows are dropped before the scan, as sklearn does.
/// </summary>
internal sealed class BinaryCurvePoints
{
    private BinaryCurvePoints(double[] falsePositives, double[] truePositives, double[] thresholds)
    {
        FalsePositives = falsePositives;
        TruePositives = truePositives;
        Thresholds = thresholds;
    }

    /// <summary>Cumulative negative mass at or above each threshold.</summary>
    internal double[] FalsePositives { get; }

    /// <summary>Cumulative positive mass at or above each threshold.</summary>
    internal double[] TruePositives { get; }

    /// <summary>Distinct scores, in decreasing order.</summary>
    internal double[] Thresholds { get; }

    internal int Count => Thresholds.Length;

    internal double TotalPositives => TruePositives[^1];

    internal double TotalNegatives => FalsePositives[^1];

    /// <summary>Builds the points from binary truth (non-zero = positive) and finite scores.</summary>
    internal static BinaryCurvePoints Build(ReadOnlySpan<int> positive, ReadOnlySpan<double> scores, ReadOnlySpan<double> weights)
    {
        return weights.IsEmpty ? BuildUnweighted(positive, scores) : BuildWeighted(positive, scores, weights);
    }

    /// <summary>Builds the points for one column of a row-major score matrix against "label == positiveClass".</summary>
    internal static BinaryCurvePoints BuildOneVsRest(
        ReadOnlySpan<int> labels, ReadOnlySpan<double> matrix, int classCount, int positiveClass, ReadOnlySpan<double> weights)
    {
        var n = labels.Length;
        var truth = new int[n];
        var column = new double[n];
        for (var i = 0; i < n; i++)
        {
            truth[i] = labels[i] == positiveClass ? 1 : 0;
            column[i] = matrix[(i * classCount) + positiveClass];
        }

        return Build(truth, column, weights);
    }

    private static BinaryCurvePoints BuildUnweighted(ReadOnlySpan<int> positive, ReadOnlySpan<double> scores)
    {
        var n = scores.Length;
        var keys = scores.ToArray();
        var isPositive = new byte[n];
        for (var i = 0; i < n; i++)
        {
            isPositive[i] = positive[i] != 0 ? (byte)1 : (byte)0;
        }

        Array.Sort(keys, isPositive);
        var distinct = CountDistinctSorted(keys);
        var fps = new double[distinct];
        var tps = new double[distinct];
        var thresholds = new double[distinct];
        long truePositives = 0;
        var point = 0;
        for (var i = n - 1; i >= 0; i--)
        {
            truePositives += isPositive[i];
            if (i == 0 || keys[i - 1] != keys[i])
            {
                long seen = n - i;
                tps[point] = truePositives;
                fps[point] = seen - truePositives;
                thresholds[point] = keys[i];
                point++;
            }
        }

        return new BinaryCurvePoints(fps, tps, thresholds);
    }

    private static BinaryCurvePoints BuildWeighted(ReadOnlySpan<int> positive, ReadOnlySpan<double> scores, ReadOnlySpan<double> weights)
    {
        var kept = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] != 0.0)
            {
                kept++;
            }
        }

        // The sign of the item carries the class; the magnitude carries the (strictly positive) weight.
        var keys = new double[kept];
        var signedWeights = new double[kept];
        var k = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w != 0.0)
            {
                keys[k] = scores[i];
                signedWeights[k] = positive[i] != 0 ? w : -w;
                k++;
            }
        }

        Array.Sort(keys, signedWeights);
        var distinct = CountDistinctSorted(keys);
        var fps = new double[distinct];
        var tps = new double[distinct];
        var thresholds = new double[distinct];
        var tp = 0.0;
        var fp = 0.0;
        var point = 0;
        for (var i = kept - 1; i >= 0; i--)
        {
            var sw = signedWeights[i];
            if (sw > 0.0)
            {
                tp += sw;
            }
            else
            {
                fp -= sw;
            }

            if (i == 0 || keys[i - 1] != keys[i])
            {
                tps[point] = tp;
                fps[point] = fp;
                thresholds[point] = keys[i];
                point++;
            }
        }

        return new BinaryCurvePoints(fps, tps, thresholds);
    }

    private static int CountDistinctSorted(double[] sorted)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var distinct = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[i - 1])
            {
                distinct++;
            }
        }

        return distinct;
    }
}
