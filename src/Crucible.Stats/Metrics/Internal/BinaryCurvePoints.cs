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
        // Sort the positive and negative scores separately (keys only), then merge them from the top.
        var positives = 0;
        foreach (var y in positive)
        {
            if (y != 0)
            {
                positives++;
            }
        }

        var positiveKeys = new ulong[positives];
        var negativeKeys = new ulong[scores.Length - positives];
        int p = 0, q = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (positive[i] != 0)
            {
                positiveKeys[p++] = RadixSort.ToKey(scores[i]);
            }
            else
            {
                negativeKeys[q++] = RadixSort.ToKey(scores[i]);
            }
        }

        RadixSort.Sort(positiveKeys);
        RadixSort.Sort(negativeKeys);
        var distinct = MergeDescending(positiveKeys, negativeKeys, null, null, null);
        var fps = new double[distinct];
        var tps = new double[distinct];
        var thresholds = new double[distinct];
        MergeDescending(positiveKeys, negativeKeys, fps, tps, thresholds);
        return new BinaryCurvePoints(fps, tps, thresholds);
    }

    /// <summary>Walks two ascending key arrays from the top; returns the number of distinct keys and fills the outputs if given.</summary>
    private static int MergeDescending(ulong[] positiveKeys, ulong[] negativeKeys, double[]? fps, double[]? tps, double[]? thresholds)
    {
        var i = positiveKeys.Length - 1;
        var j = negativeKeys.Length - 1;
        long tp = 0, fp = 0;
        var point = 0;
        while (i >= 0 || j >= 0)
        {
            var key = i < 0 ? negativeKeys[j] : j < 0 ? positiveKeys[i] : Math.Max(positiveKeys[i], negativeKeys[j]);
            while (i >= 0 && positiveKeys[i] == key)
            {
                tp++;
                i--;
            }

            while (j >= 0 && negativeKeys[j] == key)
            {
                fp++;
                j--;
            }

            if (fps is not null)
            {
                fps[point] = fp;
                tps![point] = tp;
                thresholds![point] = RadixSort.FromKey(key);
            }

            point++;
        }

        return point;
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
        var keys = new ulong[kept];
        var signedWeights = new double[kept];
        var k = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (w != 0.0)
            {
                keys[k] = RadixSort.ToKey(scores[i]);
                signedWeights[k] = positive[i] != 0 ? w : -w;
                k++;
            }
        }

        // The sort is stable and the scan runs backwards, so tied rows are summed in reverse input order,
        // the same order as sklearn's reversed stable mergesort.
        RadixSort.Sort(keys, signedWeights);
        var distinct = 0;
        for (var i = 0; i < kept; i++)
        {
            if (i == 0 || keys[i] != keys[i - 1])
            {
                distinct++;
            }
        }

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
                thresholds[point] = RadixSort.FromKey(keys[i]);
                point++;
            }
        }

        return new BinaryCurvePoints(fps, tps, thresholds);
    }
}
