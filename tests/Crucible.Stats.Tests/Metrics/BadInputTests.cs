using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

/// <summary>Every kind of bad input fails with an <see cref="ArgumentException"/> whose message names the problem.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void Accuracy_EmptyInput_ThrowsNamingEmpty()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([], []));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegressionReport_EmptyInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => RegressionReport.Compute([], []));
    }

    [Fact]
    public void RocAuc_LengthMismatch_ThrowsNamingBothLengths()
    {
        var ex = Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([0, 1, 1], [0.1, 0.2]));
        Assert.Contains("3", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("mismatch", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeanSquaredError_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanSquaredError([1.0, 2.0], [1.0]));
    }

    [Fact]
    public void RocAuc_NaNScore_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([0, 1, 1], [0.1, 0.2, double.NaN]));
        Assert.Contains("row 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AveragePrecision_InfiniteScore_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => RankingMetrics.AveragePrecision([0, 1], [double.PositiveInfinity, 0.2]));
        Assert.Contains("row 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R2_NaNPrediction_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => RegressionMetrics.R2([1.0, 2.0], [1.0, double.NaN]));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogLoss_RowNotSummingToOne_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => ProbabilityMetrics.LogLoss([0, 1], [0.5, 0.5, 0.6, 0.5], 2));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sums to", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MulticlassReport_RowSumWithinTolerance_IsAccepted()
    {
        var report = MulticlassClassificationReport.Compute([0, 1], [0.5 + 5e-7, 0.5, 0.3, 0.7], 2);
        Assert.True(report.ContainsKey(MetricNames.LogLoss));
    }

    [Fact]
    public void RocAucOvr_RowNotSummingToOne_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => RankingMetrics.RocAucOvr([0, 1, 2], [0.2, 0.3, 0.5, 0.2, 0.2, 0.2, 0.1, 0.1, 0.8], 3));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LogLoss_ProbabilityAboveOne_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => ProbabilityMetrics.LogLoss([0, 1], [0.5, 1.5]));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Precision_BinaryLabelOutOfRange_ThrowsNamingRowAndLabel()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Precision([0, 1, 2], [0, 1, 1]));
        Assert.Contains("row 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("label 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accuracy_NegativeLabel_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([0, 1], [0, -1]));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfusionMatrix_LabelAtClassCount_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => ConfusionMatrix.Compute([0, 3], [0, 1], 3));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TopKAccuracy_LabelOutOfRange_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => ProbabilityMetrics.TopKAccuracy([0, 5], [0.1, 0.9, 0.4, 0.6], 2, 1));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TopKAccuracy_KBelowOne_ThrowsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityMetrics.TopKAccuracy([0], [0.1, 0.9], 2, 0));
    }

    [Fact]
    public void LogLoss_MatrixNotMultipleOfClassCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => ProbabilityMetrics.LogLoss([0, 1], [0.2, 0.3, 0.5, 0.5, 0.5], 3));
    }

    [Fact]
    public void Accuracy_NegativeWeight_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => ClassificationMetrics.Accuracy([0, 1], [0, 1], [1.0, -1.0]));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MeanAbsoluteError_NaNWeight_ThrowsNamingRow()
    {
        var ex = Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanAbsoluteError([1.0, 2.0], [1.0, 2.0], [double.NaN, 1.0]));
        Assert.Contains("row 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrierScore_WeightLengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => ProbabilityMetrics.BrierScore([0, 1], [0.2, 0.8], [1.0]));
    }

    [Fact]
    public void RocAuc_AllWeightsZero_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([0, 1], [0.2, 0.8], [0.0, 0.0]));
        Assert.Contains("sum to zero", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RocAuc_SingleClass_ThrowsAsSklearn()
    {
        var ex = Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([1, 1, 1], [0.2, 0.5, 0.8]));
        Assert.Contains("one class", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RocAucOvo_ClassMissingFromTruth_ThrowsNamingClass()
    {
        var ex = Assert.Throws<ArgumentException>(
            () => RankingMetrics.RocAucOvo([0, 1, 0], [0.2, 0.3, 0.5, 0.2, 0.6, 0.2, 0.7, 0.2, 0.1], 3));
        Assert.Contains("Class 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CalibrationCurve_ZeroBins_ThrowsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProbabilityMetrics.CalibrationCurve([0, 1], [0.2, 0.8], 0));
    }

    [Fact]
    public void BinaryReport_NonFiniteThreshold_ThrowsOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryClassificationReport.Compute([0, 1], [0.2, 0.8], double.NaN));
    }

    [Fact]
    public void LabelEncoder_UnknownLabel_ThrowsNamingRow()
    {
        var encoder = LabelEncoder.Fit(["a", "b"]);
        var ex = Assert.Throws<ArgumentException>(() => encoder.Transform(["a", "c"]));
        Assert.Contains("row 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelEncoder_EmptyInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => LabelEncoder.Fit([]));
    }
}
