using System.Globalization;
using System.Text.Json.Nodes;
using Crucible.Stats.Profiles;

namespace Crucible.Monitoring.Rules;

/// <summary>
/// The <c>segment_shift</c> rule: how far the window's segment shares (the exact counts a profile keeps of a
/// low-cardinality column, such as a clustering model's <c>prediction.label</c>) moved from the reference's, as the total
/// variation distance ½ Σ |p_ref(s) − p_window(s)| (0 = same mix, 1 = disjoint). It fires above the threshold; the
/// evidence lists every segment's two shares.
/// </summary>
public static class SegmentShiftRule
{
    public static RuleOutcome Evaluate(DatasetProfile reference, DatasetProfile current, string column, double threshold)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var before = Shares(reference.Column(column));
        var after = Shares(current.Column(column));
        if (before is null || after is null)
        {
            var which = before is null ? "reference" : "window";
            return new("segment_shift", false, null, threshold,
                $"Column '{column}' has no segment counts in the {which} (absent, empty, or too many distinct values to be segments).",
                Details: RuleEvaluator.Details(("column", column)));
        }

        var segments = before.Keys.Union(after.Keys).Order().ToList();
        var distance = 0.5 * segments.Sum(s => Math.Abs(before.GetValueOrDefault(s) - after.GetValueOrDefault(s)));
        var shares = new JsonObject();
        foreach (var s in segments)
        {
            shares[s.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["reference"] = before.GetValueOrDefault(s),
                ["window"] = after.GetValueOrDefault(s),
            };
        }

        var moved = segments.MaxBy(s => Math.Abs(before.GetValueOrDefault(s) - after.GetValueOrDefault(s)));
        var fired = distance > threshold;
        return new(
            "segment_shift", fired, distance, threshold,
            $"The segment mix of '{column}' moved by {RuleOutcome.Format(distance)} (total variation), {(fired ? "above" : "not above")} {RuleOutcome.Format(threshold)}; "
            + $"segment {moved.ToString(CultureInfo.InvariantCulture)} moved most, from {RuleOutcome.Format(before.GetValueOrDefault(moved))} to {RuleOutcome.Format(after.GetValueOrDefault(moved))}.",
            Details: RuleEvaluator.Details(("column", column), ("segments", shares)));
    }

    /// <summary>Each segment's share of the column's numeric values; null when the profile kept no exact counts.</summary>
    private static Dictionary<double, double>? Shares(ColumnProfile? column)
    {
        if (column?.DiscreteCounts is not { } counts || counts.Count == 0)
        {
            return null;
        }

        double total = counts.Sum(c => c.Value);
        return counts.ToDictionary(c => c.Key, c => c.Value / total);
    }
}
