using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

public sealed class GoldenRegressionTests
{
    public static TheoryData<string> Cases => MetricsGolden.Names("regression");

    [Theory]
    [MemberData(nameof(Cases))]
    public void RegressionMetrics_GoldenCase_MatchSklearn(string name)
    {
        var (c, y, p, w) = Load(name);

        void Check(string metric, double actual) => MetricAssert.Close(MetricsGolden.Expected(c, metric), actual, metric);

        Check("mean_absolute_error", RegressionMetrics.MeanAbsoluteError(y, p, w));
        Check("mean_squared_error", RegressionMetrics.MeanSquaredError(y, p, w));
        Check("root_mean_squared_error", RegressionMetrics.RootMeanSquaredError(y, p, w));
        Check("r2", RegressionMetrics.R2(y, p, w));
        Check("explained_variance", RegressionMetrics.ExplainedVariance(y, p, w));
        Check("mean_absolute_percentage_error", RegressionMetrics.MeanAbsolutePercentageError(y, p, w));
        Check("median_absolute_error", RegressionMetrics.MedianAbsoluteError(y, p, w));
        Check("max_error", RegressionMetrics.MaxError(y, p));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RegressionReport_GoldenCase_MatchesSklearnInOrder(string name)
    {
        var (c, y, p, w) = Load(name);
        var report = RegressionReport.Compute(y, p, w);
        string[] order =
        [
            "mean_absolute_error", "mean_squared_error", "root_mean_squared_error", "r2", "explained_variance",
            "mean_absolute_percentage_error", "median_absolute_error", "max_error",
        ];
        Assert.Equal(order, report.Keys.ToArray());
        foreach (var key in order)
        {
            MetricAssert.Close(MetricsGolden.Expected(c, key), report[key], key);
        }
    }

    private static (System.Text.Json.JsonElement Case, double[] Y, double[] P, double[] W) Load(string name)
    {
        var c = MetricsGolden.Case("regression", name);
        return (c, MetricsGolden.Doubles(c.GetProperty("y_true")), MetricsGolden.Doubles(c.GetProperty("y_pred")), MetricsGolden.Weights(c));
    }
}
