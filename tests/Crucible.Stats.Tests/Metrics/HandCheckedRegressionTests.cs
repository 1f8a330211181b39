using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

/// <summary>Tiny regression cases worked out by hand from the definitions.</summary>
public sealed class HandCheckedRegressionTests
{
    private static readonly double[] Truth = [1.0, 2.0, 3.0];
    private static readonly double[] Prediction = [2.0, 2.0, 5.0];

    [Fact]
    public void ErrorMeans_ThreeRows_AreMeansOfAbsoluteAndSquaredErrors()
    {
        Assert.Equal(1.0, RegressionMetrics.MeanAbsoluteError(Truth, Prediction), 15);
        Assert.Equal(5.0 / 3.0, RegressionMetrics.MeanSquaredError(Truth, Prediction), 15);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), RegressionMetrics.RootMeanSquaredError(Truth, Prediction), 15);
        Assert.Equal(2.0, RegressionMetrics.MaxError(Truth, Prediction));
        Assert.Equal(1.0, RegressionMetrics.MedianAbsoluteError(Truth, Prediction));
    }

    [Fact]
    public void R2_ThreeRows_IsOneMinusResidualOverTotalSumOfSquares()
    {
        // SS_res = 1 + 0 + 4 = 5, SS_tot = 1 + 0 + 1 = 2.
        Assert.Equal(1.0 - (5.0 / 2.0), RegressionMetrics.R2(Truth, Prediction), 15);
    }

    [Fact]
    public void R2_ConstantTruth_IsOneWhenPerfectAndZeroOtherwise()
    {
        Assert.Equal(1.0, RegressionMetrics.R2([4.0, 4.0], [4.0, 4.0]));
        Assert.Equal(0.0, RegressionMetrics.R2([4.0, 4.0], [4.0, 5.0]));
        Assert.Equal(0.0, RegressionMetrics.ExplainedVariance([4.0, 4.0], [4.0, 5.0]));
    }

    [Fact]
    public void R2_SingleRow_IsNaNAsSklearn()
    {
        Assert.True(double.IsNaN(RegressionMetrics.R2([1.0], [2.0])));
    }

    [Fact]
    public void ExplainedVariance_ConstantOffset_IsOne()
    {
        Assert.Equal(1.0, RegressionMetrics.ExplainedVariance([1.0, 2.0, 3.0], [2.0, 3.0, 4.0]), 15);
    }

    [Fact]
    public void MedianAbsoluteError_EvenCount_AveragesMiddleUnweightedButTakesLowerWeighted()
    {
        double[] truth = [0.0, 0.0, 0.0, 0.0];
        double[] prediction = [1.0, 2.0, 3.0, 4.0];
        Assert.Equal(2.5, RegressionMetrics.MedianAbsoluteError(truth, prediction));
        Assert.Equal(2.0, RegressionMetrics.MedianAbsoluteError(truth, prediction, [1.0, 1.0, 1.0, 1.0]));
        Assert.Equal(4.0, RegressionMetrics.MedianAbsoluteError(truth, prediction, [1.0, 0.0, 0.0, 5.0]));
    }

    [Fact]
    public void MeanAbsolutePercentageError_ZeroTruth_DividesByMachineEpsilon()
    {
        Assert.Equal(0.5, RegressionMetrics.MeanAbsolutePercentageError([2.0], [1.0]), 15);
        var expected = 1e-16 / RegressionMetrics.PercentageErrorEpsilon;
        Assert.Equal(expected, RegressionMetrics.MeanAbsolutePercentageError([0.0], [1e-16]), 15);
    }
}
