using Crucible.Stats.Metrics.Internal;

namespace Crucible.Stats.Metrics;

/// <summary>The regression preset: every regression metric, keyed by <see cref="MetricNames"/>.</summary>
public static class RegressionReport
{
    /// <summary>
    /// Computes, in this order: mean_absolute_error, mean_squared_error, root_mean_squared_error, r2,
    /// explained_variance, mean_absolute_percentage_error, median_absolute_error and max_error. Weights apply to every
    /// metric except max_error, which sklearn defines without weights.
    /// </summary>
    public static IReadOnlyDictionary<string, double> Compute(
        ReadOnlySpan<double> yTrue, ReadOnlySpan<double> yPred, ReadOnlySpan<double> sampleWeights = default)
    {
        var report = new ReportBuilder();
        var mse = RegressionMetrics.MeanSquaredError(yTrue, yPred, sampleWeights);
        report.Add(MetricNames.MeanAbsoluteError, RegressionMetrics.MeanAbsoluteError(yTrue, yPred, sampleWeights));
        report.Add(MetricNames.MeanSquaredError, mse);
        report.Add(MetricNames.RootMeanSquaredError, Math.Sqrt(mse));
        report.Add(MetricNames.R2, RegressionMetrics.R2(yTrue, yPred, sampleWeights));
        report.Add(MetricNames.ExplainedVariance, RegressionMetrics.ExplainedVariance(yTrue, yPred, sampleWeights));
        report.Add(
            MetricNames.MeanAbsolutePercentageError, RegressionMetrics.MeanAbsolutePercentageError(yTrue, yPred, sampleWeights));
        report.Add(MetricNames.MedianAbsoluteError, RegressionMetrics.MedianAbsoluteError(yTrue, yPred, sampleWeights));
        report.Add(MetricNames.MaxError, RegressionMetrics.MaxError(yTrue, yPred));
        return report.Build();
    }
}
