using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

public sealed class LabelEncoderAndReportTests
{
    [Fact]
    public void LabelEncoder_GoldenInput_MatchesSklearnOrderAndCodes()
    {
        var golden = MetricsGolden.Root.GetProperty("label_encoder");
        var input = golden.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var classes = golden.GetProperty("classes").EnumerateArray().Select(e => e.GetString()!).ToArray();
        var encoder = LabelEncoder.Fit(input);
        Assert.Equal(classes, encoder.Classes);
        Assert.Equal(MetricsGolden.Ints(golden.GetProperty("encoded")), encoder.Transform(input));
        Assert.Equal(classes[1], encoder.Decode(1));
        Assert.Equal(1, encoder.Encode(classes[1]));
    }

    [Fact]
    public void GoldenFile_RecordsSklearnVersion()
    {
        Assert.False(string.IsNullOrEmpty(MetricsGolden.Root.GetProperty("sklearn_version").GetString()));
    }

    [Fact]
    public void BinaryReport_SingleClassTruth_LeavesOutRocAuc()
    {
        var report = BinaryClassificationReport.Compute([0, 0, 0], [0.1, 0.7, 0.3]);
        Assert.False(report.ContainsKey(MetricNames.RocAuc));
        Assert.True(report.ContainsKey(MetricNames.AveragePrecision));
    }

    [Fact]
    public void BinaryReport_Threshold_IsStrict()
    {
        var report = BinaryClassificationReport.Compute([0, 1], [0.5, 0.9]);
        Assert.Equal(1.0, report[MetricNames.Accuracy]);
    }

    [Fact]
    public void MulticlassReport_WithWeights_LeavesOutOneVsOne()
    {
        double[] proba = [0.6, 0.2, 0.2, 0.2, 0.6, 0.2, 0.2, 0.2, 0.6, 0.5, 0.3, 0.2];
        var report = MulticlassClassificationReport.Compute([0, 1, 2, 1], proba, 3, [1.0, 2.0, 1.0, 0.5]);
        Assert.True(report.ContainsKey(MetricNames.RocAucOvr));
        Assert.False(report.ContainsKey(MetricNames.RocAucOvo));
        Assert.True(report.ContainsKey(MetricNames.TopKAccuracy));
    }

    [Fact]
    public void MetricNames_AreSklearnSnakeCase()
    {
        Assert.Equal("root_mean_squared_error", MetricNames.RootMeanSquaredError);
        Assert.Equal("roc_auc_ovo", MetricNames.RocAucOvo);
        Assert.Equal("f1_weighted", MetricNames.F1Weighted);
    }
}
