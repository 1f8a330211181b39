namespace Crucible.Stats.Metrics.Internal;

/// <summary>Areas computed from <see cref="BinaryCurvePoints"/> without materialising the curves.</summary>
internal static class RankingMath
{
    /// <summary>Trapezoidal area under (FPR, TPR), starting from (0, 0); NaN when a class has no mass.</summary>
    internal static double Auc(BinaryCurvePoints points)
    {
        var totalFp = points.TotalNegatives;
        var totalTp = points.TotalPositives;
        if (totalFp <= 0.0 || totalTp <= 0.0)
        {
            return double.NaN;
        }

        var fps = points.FalsePositives;
        var tps = points.TruePositives;
        var area = 0.0;
        var prevX = 0.0;
        var prevY = 0.0;
        for (var i = 0; i < fps.Length; i++)
        {
            var x = fps[i] / totalFp;
            var y = tps[i] / totalTp;
            area += (x - prevX) * (y + prevY) / 2.0;
            prevX = x;
            prevY = y;
        }

        return area;
    }

    /// <summary>sklearn's average precision: sum over thresholds of (R_i - R_{i-1}) * P_i with R_{-1} = 0.</summary>
    internal static double AveragePrecision(BinaryCurvePoints points)
    {
        var fps = points.FalsePositives;
        var tps = points.TruePositives;
        var totalTp = points.TotalPositives;
        var sum = 0.0;
        var prevRecall = 0.0;
        for (var i = 0; i < tps.Length; i++)
        {
            var tp = tps[i];
            var predicted = tp + fps[i];
            var precision = predicted != 0.0 ? tp / predicted : 0.0;
            var recall = totalTp == 0.0 ? 1.0 : tp / totalTp;
            sum += (recall - prevRecall) * precision;
            prevRecall = recall;
        }

        return sum;
    }
}
