using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

/// <summary>Tiny ranking and calibration cases worked out by hand from the definitions.</summary>
public sealed class HandCheckedRankingTests
{
    private static readonly int[] Labels = [0, 0, 1, 1];
    private static readonly double[] Scores = [0.1, 0.4, 0.35, 0.8];

    [Fact]
    public void RocAuc_OneMisorderedPairOfFour_IsThreeQuarters()
    {
        Assert.Equal(0.75, RankingMetrics.RocAuc(Labels, Scores), 15);
    }

    [Fact]
    public void RocAuc_AllScoresTied_IsOneHalf()
    {
        Assert.Equal(0.5, RankingMetrics.RocAuc([0, 1, 0, 1, 1], [0.3, 0.3, 0.3, 0.3, 0.3]), 15);
    }

    [Fact]
    public void RocAuc_TiedPositiveAndNegative_CountsHalf()
    {
        // Pairs (neg, pos): (0.2, 0.5) right, (0.5, 0.5) tie = 1/2 -> (1 + 0.5) / 2.
        Assert.Equal(0.75, RankingMetrics.RocAuc([0, 0, 1], [0.2, 0.5, 0.5]), 15);
    }

    [Fact]
    public void AveragePrecision_SmallRanking_IsStepwiseSum()
    {
        // Ranking 0.8(+) 0.4(-) 0.35(+) 0.1(-): recall steps of 1/2 at precision 1 and 2/3.
        Assert.Equal((0.5 * 1.0) + (0.5 * 2.0 / 3.0), RankingMetrics.AveragePrecision(Labels, Scores), 15);
    }

    [Fact]
    public void RocCurve_SmallRanking_MatchesSklearnShape()
    {
        var curve = RankingMetrics.RocCurve(Labels, Scores);
        Assert.Equal([0.0, 0.0, 0.5, 0.5, 1.0], curve.FalsePositiveRate);
        Assert.Equal([0.0, 0.5, 0.5, 1.0, 1.0], curve.TruePositiveRate);
        Assert.Equal([1.8, 0.8, 0.4, 0.35, 0.1], curve.Thresholds);
    }

    [Fact]
    public void RocCurve_CollinearPoints_AreDroppedOnlyWhenAsked()
    {
        int[] y = [1, 1, 1, 0, 0, 0];
        double[] s = [0.9, 0.8, 0.7, 0.3, 0.2, 0.1];
        Assert.Equal(7, RankingMetrics.RocCurve(y, s, dropIntermediate: false).Thresholds.Count);
        var dropped = RankingMetrics.RocCurve(y, s);
        Assert.Equal([0.0, 0.0, 0.0, 1.0], dropped.FalsePositiveRate);
        Assert.Equal([0.0, 1.0 / 3.0, 1.0, 1.0], dropped.TruePositiveRate);
        Assert.Equal([1.9, 0.9, 0.7, 0.1], dropped.Thresholds);
    }

    [Fact]
    public void PrecisionRecallCurve_SmallRanking_EndsAtPrecisionOneRecallZero()
    {
        var curve = RankingMetrics.PrecisionRecallCurve(Labels, Scores);
        Assert.Equal([0.1, 0.35, 0.4, 0.8], curve.Thresholds);
        Assert.Equal([1.0, 1.0, 0.5, 0.5, 0.0], curve.Recall);
        Assert.Equal(1.0, curve.Precision[^1]);
        Assert.Equal(2.0 / 3.0, curve.Precision[1], 15);
    }

    [Fact]
    public void RocAucOvo_PerfectRanking_IsOne()
    {
        double[] proba = [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8];
        Assert.Equal(1.0, RankingMetrics.RocAucOvo([0, 1, 2], proba, 3), 15);
        Assert.Equal(1.0, RankingMetrics.RocAucOvr([0, 1, 2], proba, 3), 15);
    }

    [Fact]
    public void CalibrationCurve_ValueOnInnerEdge_FallsInLowerBin()
    {
        // Edges 0, 0.2, 0.4, ...: 0.2 belongs to [0, 0.2] and 0.4 to (0.2, 0.4], as numpy's left searchsorted puts them.
        var curve = ProbabilityMetrics.CalibrationCurve([0, 1, 1], [0.2, 0.4, 0.3], 5);
        Assert.Equal([1, 2], curve.Counts);
        Assert.Equal([0.0, 1.0], curve.FractionOfPositives);
        Assert.Equal(0.2, curve.MeanPredictedProbability[0]);
        Assert.Equal(0.35, curve.MeanPredictedProbability[1], 15);
    }

    [Fact]
    public void ExpectedCalibrationError_TwoSingletonBins_IsMeanAbsoluteGap()
    {
        // Bins hold one row each: |1 - 0.85| and |0 - 0.2|, each weighted 1/2.
        Assert.Equal(0.175, ProbabilityMetrics.ExpectedCalibrationError([1, 0], [0.85, 0.2]), 15);
    }
}
