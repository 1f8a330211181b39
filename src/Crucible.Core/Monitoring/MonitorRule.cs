using Crucible.Core.Errors;

namespace Crucible.Core.Monitoring;

/// <summary>What a monitor alerts on, window by window.</summary>
public enum MonitorRule
{
    /// <summary>The share of drifted columns reaches <see cref="MonitorSpec.DriftShare"/> (the original monitor).</summary>
    DriftShare,

    /// <summary>The column named <see cref="MonitorSpec.Column"/> drifted.</summary>
    ColumnDrift,

    /// <summary>Any <c>prediction.*</c> column drifted.</summary>
    PredictionDrift,

    /// <summary>The metric <see cref="MonitorSpec.Metric"/> left its band, or fell below <see cref="MonitorSpec.MinValue"/>.</summary>
    Performance,

    /// <summary>The share of unreadable or schema-violating captured predictions exceeds the threshold (default 0.05).</summary>
    DataQuality,

    /// <summary>A column's missing share exceeds the reference's by more than the threshold (default 0.1).</summary>
    MissingSpike,

    /// <summary>The window's predictions fall below the threshold (default 0.5) times the reference's per window-length.</summary>
    TrafficDrop,

    /// <summary>
    /// The segment shares (of <see cref="MonitorSpec.Column"/>, default <c>prediction.label</c>, a clustering model's
    /// segment) moved from the reference's by a total variation distance above the threshold (default 0.1).
    /// </summary>
    SegmentShift,
}

/// <summary>Wire names and defaults of <see cref="MonitorRule"/>.</summary>
public static class MonitorRules
{
    public const double DefaultDataQualityShare = 0.05;
    public const double DefaultMissingDelta = 0.1;
    public const double DefaultTrafficFraction = 0.5;
    public const double DefaultSegmentShift = 0.1;

    /// <summary>The column segment_shift reads by default: a clustering model's <c>label</c> output.</summary>
    public const string DefaultSegmentColumn = "prediction.label";

    private static readonly (MonitorRule Rule, string Name)[] Names =
    [
        (MonitorRule.DriftShare, "drift_share"),
        (MonitorRule.ColumnDrift, "column_drift"),
        (MonitorRule.PredictionDrift, "prediction_drift"),
        (MonitorRule.Performance, "performance"),
        (MonitorRule.DataQuality, "data_quality"),
        (MonitorRule.MissingSpike, "missing_spike"),
        (MonitorRule.TrafficDrop, "traffic_drop"),
        (MonitorRule.SegmentShift, "segment_shift"),
    ];

    /// <summary>Every rule's wire name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    public static string Name(this MonitorRule rule) => Names.First(n => n.Rule == rule).Name;

    /// <summary>The rule named <paramref name="name"/>; <c>drift_share</c> when null; an invalid parameter otherwise.</summary>
    public static MonitorRule Parse(string? name)
    {
        if (name is null)
        {
            return MonitorRule.DriftShare;
        }

        foreach (var (rule, wire) in Names)
        {
            if (string.Equals(wire, name, StringComparison.Ordinal))
            {
                return rule;
            }
        }

        throw CrucibleException.Invalid($"Invalid rule '{name}': expected one of {string.Join(", ", All)}.");
    }

    /// <summary>True for the rules that compare the window's drift against the reference.</summary>
    public static bool IsDrift(this MonitorRule rule) => rule is MonitorRule.DriftShare or MonitorRule.ColumnDrift or MonitorRule.PredictionDrift;

    /// <summary>
    /// The rule's own threshold: the share, delta or fraction for data_quality, missing_spike and traffic_drop (their
    /// defaults when unset); null for the drift rules (whose threshold is the per-column test's) and performance.
    /// </summary>
    public static double? RuleThreshold(this MonitorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Rule switch
        {
            MonitorRule.DataQuality => spec.Threshold ?? DefaultDataQualityShare,
            MonitorRule.MissingSpike => spec.Threshold ?? DefaultMissingDelta,
            MonitorRule.TrafficDrop => spec.Threshold ?? DefaultTrafficFraction,
            MonitorRule.SegmentShift => spec.Threshold ?? DefaultSegmentShift,
            _ => null,
        };
    }
}
