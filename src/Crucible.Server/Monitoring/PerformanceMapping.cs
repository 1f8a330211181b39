using Crucible.Contracts.Monitoring;
using Crucible.Core.Monitoring;
using Crucible.Monitoring.Performance;
using Crucible.Monitoring.Running;

namespace Crucible.Server.Monitoring;

/// <summary>Performance results as the API shows them: NaN (undefined) values become absent.</summary>
internal static class PerformanceMapping
{
    public static PerformanceResponse ToDto(PerformanceResult result) => new(
        result.Query.Deployment,
        result.Model.Task == PerformanceTask.BinaryClassification ? "classification" : "regression",
        result.ScoreOutput,
        new PerformanceReferenceDto(
            result.Query.ReferenceStartMs,
            result.Query.ReferenceEndMs,
            result.Model.ReferenceRows,
            result.Model.ReferenceLabelledRows,
            result.Model.Calibrated,
            new PerformanceOptions().Chunks,
            [.. result.Model.Bands.Select(b => new PerformanceBandDto(b.Key, b.Value.Mean, b.Value.Std, b.Value.Lower, b.Value.Upper))]),
        [.. result.Windows.Select(w => new PerformanceWindowDto(w.StartMs, w.EndMs, w.Rows, w.LabelledRows, [.. w.Realized.Select(ToDto)], [.. w.Estimated.Select(ToDto)]))],
        result.DataQualityIssues,
        result.Notes);

    private static PerformanceMetricDto ToDto(WindowPerformance p) =>
        new(p.Metric, Finite(p.Value), Finite(p.SamplingError), p.LowerThreshold, p.UpperThreshold, p.Alerting);

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
