using Crucible.Core.Monitoring;

namespace Crucible.Monitoring.Rules;

/// <summary>
/// The <c>performance</c> rule: fires when the monitor's metric is outside its band
/// (<see cref="WindowPerformance.Alerting"/>) or below the monitor's <see cref="MonitorSpec.MinValue"/>.
/// </summary>
public static class PerformanceRule
{
    /// <summary>Evaluates the metric among <paramref name="metrics"/>; null means no performance source is available.</summary>
    public static RuleOutcome Evaluate(MonitorSpec spec, IReadOnlyList<WindowPerformance>? metrics)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var metric = spec.Metric!;
        if (metrics is null)
        {
            return new("performance", false, null, spec.MinValue, "No performance source is registered on this server, so performance was not evaluated.", Details: RuleEvaluator.Details(("metric", metric)));
        }

        var found = metrics.FirstOrDefault(m => string.Equals(m.Metric, metric, StringComparison.Ordinal));
        if (found is null || double.IsNaN(found.Value))
        {
            var why = found is null ? $"no value for the metric '{metric}'" : $"the metric '{metric}' could not be computed";
            return new("performance", false, null, spec.MinValue, $"The window has {why}, so performance was not evaluated.", Details: RuleEvaluator.Details(("metric", metric)));
        }

        var belowMin = found.Value < spec.MinValue;
        var fired = found.Alerting || belowMin;
        var kind = found.Estimated ? "estimated" : "realized";
        var band = $"[{Bound(found.LowerThreshold)}, {Bound(found.UpperThreshold)}]";
        var sentence = belowMin
            ? $"The {kind} {metric} {RuleOutcome.Format(found.Value)} is below the minimum {RuleOutcome.Format(spec.MinValue!.Value)}."
            : found.Alerting
                ? $"The {kind} {metric} {RuleOutcome.Format(found.Value)} is outside its band {band}."
                : $"The {kind} {metric} {RuleOutcome.Format(found.Value)} is within its band {band}{(spec.MinValue is { } min ? $" and not below the minimum {RuleOutcome.Format(min)}" : string.Empty)}.";
        // The bound that was crossed, or else the one a drop would cross first.
        double? threshold = belowMin ? spec.MinValue
            : found.Alerting ? (found.Value > found.UpperThreshold ? found.UpperThreshold : found.LowerThreshold)
            : Math.Max(spec.MinValue ?? double.NegativeInfinity, found.LowerThreshold ?? double.NegativeInfinity) is var lower && double.IsFinite(lower) ? lower : null;
        return new(
            "performance", fired, found.Value, threshold, sentence,
            Details: RuleEvaluator.Details(
                ("metric", metric), ("estimated", found.Estimated), ("sampling_error", found.SamplingError),
                ("lower_threshold", found.LowerThreshold), ("upper_threshold", found.UpperThreshold), ("min_value", spec.MinValue), ("rows", found.Rows)));
    }

    private static string Bound(double? value) => value is { } v ? RuleOutcome.Format(v) : "none";
}
