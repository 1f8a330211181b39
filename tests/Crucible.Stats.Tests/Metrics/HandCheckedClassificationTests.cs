using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

/// <summary>Tiny cases worked out by hand from the definitions.</summary>
public sealed class HandCheckedClassificationTests
{
    [Fact]
    public void Accuracy_ThreeOfFourCorrect_IsThreeQuarters()
    {
        Assert.Equal(0.75, ClassificationMetrics.Accuracy([0, 1, 1, 0], [0, 1, 0, 0]));
    }

    [Fact]
    public void Accuracy_IntegerWeights_EqualDuplicatingRows()
    {
        var weighted = ClassificationMetrics.Accuracy([0, 1, 1], [0, 0, 1], [2.0, 1.0, 3.0]);
        var duplicated = ClassificationMetrics.Accuracy([0, 0, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1]);
        Assert.Equal(duplicated, weighted, 15);
    }

    [Fact]
    public void PrecisionRecallF1_OneHitOneFalseAlarmOneMiss_AreOneHalf()
    {
        var result = ClassificationMetrics.BinaryPrecisionRecallF1([1, 1, 0, 0], [1, 0, 1, 0]);
        Assert.Equal(new PrecisionRecallF1(0.5, 0.5, 0.5), result);
    }

    [Fact]
    public void Precision_NoPositivePredictions_IsZeroAsSklearnWarnDefault()
    {
        Assert.Equal(0.0, ClassificationMetrics.Precision([1, 0, 1], [0, 0, 0]));
        Assert.Equal(0.0, ClassificationMetrics.F1([1, 0, 1], [0, 0, 0]));
    }

    [Fact]
    public void PrecisionMacro_LabelOnlyPredicted_CountsAsZeroPrecisionClass()
    {
        // Labels {0, 1, 2}: class 0 P=1, class 1 P=1/2 (one of two predictions right), class 2 never true so P=0.
        var precision = ClassificationMetrics.Precision([0, 1, 1], [0, 1, 2], MetricAverage.Macro);
        Assert.Equal((1.0 + 1.0 + 0.0) / 3.0, precision, 15);
    }

    [Fact]
    public void BalancedAccuracy_ImbalancedClasses_AveragesPerClassRecall()
    {
        // Class 0 recall 3/4, class 1 recall 1/2.
        Assert.Equal(0.625, ClassificationMetrics.BalancedAccuracy([0, 0, 0, 0, 1, 1], [0, 0, 0, 1, 1, 0]));
    }

    [Fact]
    public void MatthewsCorrcoef_PerfectAndInverted_ArePlusAndMinusOne()
    {
        Assert.Equal(1.0, ClassificationMetrics.MatthewsCorrcoef([0, 1, 0, 1], [0, 1, 0, 1]), 15);
        Assert.Equal(-1.0, ClassificationMetrics.MatthewsCorrcoef([0, 1, 0, 1], [1, 0, 1, 0]), 15);
    }

    [Fact]
    public void MatthewsCorrcoef_ConstantPrediction_IsZero()
    {
        Assert.Equal(0.0, ClassificationMetrics.MatthewsCorrcoef([0, 1, 0, 1], [1, 1, 1, 1]));
    }

    [Fact]
    public void CohenKappa_ObservedThreeQuartersExpectedHalf_IsOneHalf()
    {
        // p_o = 3/4; marginals (1/2, 1/2) and (1/4, 3/4) give p_e = 1/8 + 3/8 = 1/2; kappa = (3/4 - 1/2) / (1/2).
        Assert.Equal(0.5, ClassificationMetrics.CohenKappa([0, 0, 1, 1], [0, 1, 1, 1]), 15);
    }

    [Fact]
    public void CohenKappa_OneLabelEverywhere_IsNaNAsSklearn()
    {
        Assert.True(double.IsNaN(ClassificationMetrics.CohenKappa([2, 2, 2], [2, 2, 2])));
    }

    [Fact]
    public void ConfusionMatrix_SmallInput_CountsTrueRowsAndPredictedColumns()
    {
        var matrix = ConfusionMatrix.Compute([0, 1, 2, 2, 1], [0, 2, 2, 1, 1], 3);
        Assert.Equal(new[] { new[] { 1.0, 0, 0 }, [0, 1, 1], [0, 1, 1] }, matrix.ToRows());
        Assert.Equal(1.0, matrix[1, 2]);
        Assert.Equal(5.0, matrix.Total);
    }

    [Fact]
    public void TopKAccuracy_TiedScores_RankHigherClassIndexFirstAsSklearn()
    {
        double[] scores = [0.5, 0.5, 0.0];
        Assert.Equal(0.0, ProbabilityMetrics.TopKAccuracy([0], scores, 3, 1));
        Assert.Equal(1.0, ProbabilityMetrics.TopKAccuracy([1], scores, 3, 1));
        Assert.Equal(1.0, ProbabilityMetrics.TopKAccuracy([0], scores, 3, 2));
    }

    [Fact]
    public void LogLoss_HalfProbability_IsLnTwo()
    {
        Assert.Equal(Math.Log(2.0), ProbabilityMetrics.LogLoss([1], [0.5]), 15);
        Assert.Equal(Math.Log(2.0), ProbabilityMetrics.LogLoss([0, 2], [0.5, 0.5, 0.0, 0.25, 0.25, 0.5], 3), 15);
    }

    [Fact]
    public void LogLoss_CertainWrongPrediction_IsClippedAtMachineEpsilon()
    {
        var expected = -Math.Log(ProbabilityMetrics.LogLossEpsilon);
        Assert.Equal(expected, ProbabilityMetrics.LogLoss([1], [0.0]), 12);
    }

    [Fact]
    public void BrierScore_TwoRows_IsMeanSquaredGap()
    {
        Assert.Equal(0.065, ProbabilityMetrics.BrierScore([1, 0], [0.8, 0.3]), 15);
    }
}
