using System.Globalization;
using System.Text.Json.Nodes;
using Crucible.Core.Monitoring;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Drift;
using Crucible.Stats.Profiles;

namespace Crucible.Monitoring.Rules;

/// <summary>
/// Evaluates the profile-based rules of a monitor (everything but <c>performance</c>, see
/// <see cref="PerformanceRule"/>) on a window's profile against the reference window's profile.
/// </summary>
public static class RuleEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="spec"/>'s rule. <paramref name="reference"/> covers <paramref name="referenceMs"/>
    /// milliseconds and <paramref name="current"/> <paramref name="windowMs"/>; both must hold rows, except that
    /// traffic_drop and data_quality judge an empty window too.
    /// </summary>
    public static RuleOutcome Evaluate(MonitorSpec spec, PredictionProfile reference, PredictionProfile current, long referenceMs, long windowMs, DriftOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        return spec.Rule switch
        {
            MonitorRule.DriftShare => DriftShare(ProfileDrift.Compute(reference.Profile, current.Profile, options)),
            MonitorRule.ColumnDrift => ColumnDrift(ProfileDrift.Compute(reference.Profile, current.Profile, options), spec.Column!),
            MonitorRule.PredictionDrift => PredictionDrift(ProfileDrift.Compute(reference.Profile, current.Profile, options)),
            MonitorRule.DataQuality => DataQuality(current, spec.RuleThreshold()!.Value),
            MonitorRule.MissingSpike => MissingSpike(reference.Profile, current.Profile, spec.Column, spec.RuleThreshold()!.Value),
            MonitorRule.TrafficDrop => TrafficDrop(reference.Records, current.Records, referenceMs, windowMs, spec.RuleThreshold()!.Value),
            MonitorRule.SegmentShift => SegmentShiftRule.Evaluate(reference.Profile, current.Profile, spec.Column ?? MonitorRules.DefaultSegmentColumn, spec.RuleThreshold()!.Value),
            _ => throw new ArgumentException($"The rule {spec.Rule.Name()} is not evaluated from profiles.", nameof(spec)),
        };
    }

    private static RuleOutcome DriftShare(DriftReport report)
    {
        var verb = report.DatasetDrift ? "reaching" : "below";
        return new(
            "drift_share", report.DatasetDrift, report.Share, report.DriftShare,
            $"{report.DriftedColumns} of {report.Columns.Count} columns drifted (share {RuleOutcome.Format(report.Share)}), {verb} the drift share {RuleOutcome.Format(report.DriftShare)}.",
            report);
    }

    private static RuleOutcome ColumnDrift(DriftReport report, string column)
    {
        var tested = report.Columns.FirstOrDefault(c => string.Equals(c.Column, column, StringComparison.Ordinal));
        if (tested is null)
        {
            var skipped = report.Skipped.FirstOrDefault(c => string.Equals(c.Column, column, StringComparison.Ordinal));
            var why = skipped is null ? "is in neither the reference nor the window" : $"was not tested ({skipped.Reason})";
            return new("column_drift", false, null, null, $"Column '{column}' {why}.", report, Details(("column", column)));
        }

        var (measure, value) = tested.PValue is { } p ? ("p-value", p) : ("statistic", tested.Statistic);
        var compare = tested.PValue is null ? (tested.Drift ? ">=" : "<") : (tested.Drift ? "<=" : ">");
        return new(
            "column_drift", tested.Drift, value, tested.Threshold,
            $"Column '{column}' {(tested.Drift ? "drifted" : "did not drift")}: {tested.Test} {measure} {RuleOutcome.Format(value)} {compare} {RuleOutcome.Format(tested.Threshold)}.",
            report,
            Details(("column", column), ("test", tested.Test)));
    }

    private static RuleOutcome PredictionDrift(DriftReport report)
    {
        var predictions = report.Columns.Where(c => c.Column.StartsWith(PredictionProfiles.OutputPrefix, StringComparison.Ordinal)).ToList();
        var drifted = predictions.Where(c => c.Drift).Select(c => c.Column).ToList();
        var list = new JsonArray([.. drifted.Select(c => JsonValue.Create(c))]);
        var sentence = predictions.Count == 0
            ? "The window has no prediction columns to test."
            : drifted.Count == 0
                ? $"None of the {predictions.Count} prediction columns drifted."
                : $"{drifted.Count} of {predictions.Count} prediction columns drifted ({string.Join(", ", drifted.Take(5))}{(drifted.Count > 5 ? ", ..." : string.Empty)}); one is enough.";
        return new("prediction_drift", drifted.Count > 0, drifted.Count, 1, sentence, report, Details(("drifted_columns", list), ("tested_columns", predictions.Count)));
    }

    private static RuleOutcome DataQuality(PredictionProfile current, double threshold)
    {
        if (current.Records == 0)
        {
            return new("data_quality", false, null, threshold, "The window has no captured predictions to judge.", Details: Details(("records", 0)));
        }

        var share = (double)current.DataQualityIssues / current.Records;
        var fired = share > threshold;
        var problems = new JsonArray([.. current.Problems.Take(5).Select(p => JsonValue.Create(p))]);
        return new(
            "data_quality", fired, share, threshold,
            $"{current.DataQualityIssues} of {current.Records} captured predictions were unreadable or violated their schema (share {RuleOutcome.Format(share)}), {(fired ? "above" : "not above")} {RuleOutcome.Format(threshold)}.",
            Details: Details(("records", current.Records), ("issues", current.DataQualityIssues), ("problems", problems)));
    }

    private static RuleOutcome MissingSpike(DatasetProfile reference, DatasetProfile current, string? column, double delta)
    {
        var columns = column is not null ? [column] : reference.ColumnNames.Union(current.ColumnNames, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        string? worst = null;
        (double Reference, double Window, double Delta) worstShares = default;
        foreach (var name in columns)
        {
            if (reference.Column(name) is null && current.Column(name) is null)
            {
                continue;
            }

            var shares = (Reference: MissingShare(reference, name), Window: MissingShare(current, name));
            var d = shares.Window - shares.Reference;
            if (worst is null || d > worstShares.Delta)
            {
                (worst, worstShares) = (name, (shares.Reference, shares.Window, d));
            }
        }

        if (worst is null)
        {
            return new("missing_spike", false, null, delta, $"Column '{column}' is in neither the reference nor the window.", Details: Details(("column", column)));
        }

        var fired = worstShares.Delta > delta;
        return new(
            "missing_spike", fired, worstShares.Delta, delta,
            $"Column '{worst}' is missing in {RuleOutcome.Format(worstShares.Window)} of the window's rows against {RuleOutcome.Format(worstShares.Reference)} in the reference, a rise of {RuleOutcome.Format(worstShares.Delta)}, {(fired ? "above" : "not above")} {RuleOutcome.Format(delta)}.",
            Details: Details(("column", worst), ("reference_missing_share", worstShares.Reference), ("window_missing_share", worstShares.Window)));
    }

    /// <summary>Rows where the column is null, NaN or absent, over all rows.</summary>
    private static double MissingShare(DatasetProfile profile, string column)
    {
        if (profile.RowCount == 0)
        {
            return 0;
        }

        var c = profile.Column(column);
        var present = c is null ? 0 : c.Count - c.NullCount - c.NaNCount;
        return Math.Clamp((double)(profile.RowCount - present) / profile.RowCount, 0, 1);
    }

    private static RuleOutcome TrafficDrop(long referenceRecords, long windowRecords, long referenceMs, long windowMs, double fraction)
    {
        var expected = (double)referenceRecords * windowMs / referenceMs;
        var ratio = windowRecords / expected;
        var fired = ratio < fraction;
        return new(
            "traffic_drop", fired, ratio, fraction,
            $"The window had {windowRecords} predictions, {RuleOutcome.Format(ratio)} of the {RuleOutcome.Format(expected)} the reference served per window-length, {(fired ? "below" : "not below")} {RuleOutcome.Format(fraction)}.",
            Details: Details(("window_records", windowRecords), ("expected_records", expected)));
    }

    internal static Dictionary<string, JsonNode?> Details(params (string Name, object? Value)[] fields)
    {
        var details = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            details[name] = value switch
            {
                null => null,
                JsonNode node => node,
                string s => JsonValue.Create(s),
                int i => JsonValue.Create(i),
                long l => JsonValue.Create(l),
                double d => double.IsFinite(d) ? JsonValue.Create(d) : null,
                bool b => JsonValue.Create(b),
                _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
            };
        }

        return details;
    }
}
