using Crucible.Core.Errors;

namespace Crucible.Core.Monitoring;

/// <summary>
/// What a monitor checks: the drift of a deployment's served traffic, window by window, against a reference window
/// of the same deployment's traffic [<see cref="ReferenceStartMs"/>, <see cref="ReferenceEndMs"/>). The dataset
/// drifts when the share of drifted columns reaches <see cref="DriftShare"/> (Evidently's rule, 0.5 by default);
/// <see cref="StatTest"/> and <see cref="Threshold"/> override the per-column test and its threshold.
/// <see cref="Rule"/> picks another condition (<see cref="MonitorRule"/>): for data_quality, missing_spike and
/// traffic_drop <see cref="Threshold"/> is that rule's share, delta or fraction instead. <see cref="Retrain"/> asks
/// for a <see cref="RetrainingSignal"/> whenever the monitor's alert fires. <see cref="ReferenceDataset"/>
/// (<c>NAME@VERSION</c>) replaces the reference window by a registered dataset (the reference window is then 0..0):
/// the window's columns are compared with the dataset's columns of the same name.
/// </summary>
public sealed record MonitorSpec(
    string Deployment,
    long ReferenceStartMs,
    long ReferenceEndMs,
    long WindowMs = MonitorSpec.DefaultWindowMs,
    double DriftShare = MonitorSpec.DefaultDriftShare,
    string? StatTest = null,
    double? Threshold = null,
    string? WebhookUrl = null,
    string? WebhookSecret = null,
    bool Enabled = true,
    MonitorRule Rule = MonitorRule.DriftShare,
    string? Column = null,
    string? Metric = null,
    double? MinValue = null,
    bool Retrain = false,
    string? ReferenceDataset = null)
{
    /// <summary>The workspace that owns what is created (ignored when an existing one is replaced or changed).</summary>
    public string Workspace { get; init; } = Security.Caller.DefaultWorkspace;

    public const long DefaultWindowMs = 3_600_000;
    public const double DefaultDriftShare = 0.5;
    public const long MinWindowMs = 1_000;

    /// <summary>Throws <see cref="CrucibleException"/> (invalid parameter) naming the first bad field.</summary>
    public void Validate()
    {
        Guard.Required(Deployment, "deployment");
        if (ReferenceDataset is not null)
        {
            ValidateReferenceDataset();
        }
        else if (ReferenceEndMs <= ReferenceStartMs)
        {
            throw CrucibleException.Invalid($"The reference window is empty: reference_end ({ReferenceEndMs}) must be after reference_start ({ReferenceStartMs}).");
        }

        if (WindowMs < MinWindowMs)
        {
            throw CrucibleException.Invalid($"window_ms must be at least {MinWindowMs}, got {WindowMs}.");
        }

        if (!(DriftShare > 0 && DriftShare <= 1))
        {
            throw CrucibleException.Invalid($"drift_share must be in (0, 1], got {DriftShare}.");
        }

        if (Threshold is { } t && !(t >= 0 && double.IsFinite(t)))
        {
            throw CrucibleException.Invalid($"threshold must be a finite number >= 0, got {t}.");
        }

        if (StatTest is not null && StatTest.Length == 0)
        {
            throw CrucibleException.Invalid("stattest must not be empty.");
        }

        if (WebhookUrl is not null
            && !(Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            throw CrucibleException.Invalid($"webhook_url must be an absolute http or https URL, got '{WebhookUrl}'.");
        }

        if (WebhookSecret is not null && WebhookUrl is null)
        {
            throw CrucibleException.Invalid("webhook_secret is set but webhook_url is not.");
        }

        ValidateRule();
    }

    private void ValidateReferenceDataset()
    {
        _ = Datasets.DatasetLimits.Reference(ReferenceDataset);
        if (ReferenceStartMs != 0 || ReferenceEndMs != 0)
        {
            throw CrucibleException.Invalid("Give either reference_dataset or reference_start/reference_end, not both.");
        }

        // Both rules compare with served traffic of the reference window: its volume, its labels.
        if (Rule is MonitorRule.TrafficDrop or MonitorRule.Performance)
        {
            throw CrucibleException.Invalid($"The rule {Rule.Name()} needs a reference window of served traffic (reference_start/reference_end), not reference_dataset.");
        }
    }

    private void ValidateRule()
    {
        var name = Rule.Name();
        static void Refuse(bool present, string field, string rule)
        {
            if (present)
            {
                throw CrucibleException.Invalid($"{field} does not apply to the rule {rule}.");
            }
        }

        Refuse(Column is not null && Rule is not (MonitorRule.ColumnDrift or MonitorRule.MissingSpike or MonitorRule.SegmentShift), "column", name);
        Refuse((Metric is not null || MinValue is not null) && Rule != MonitorRule.Performance, Metric is not null ? "metric" : "min_value", name);
        Refuse(StatTest is not null && !Rule.IsDrift(), "stattest", name);
        Refuse(Threshold is not null && Rule == MonitorRule.Performance, "threshold", name);
        Refuse(DriftShare != DefaultDriftShare && Rule != MonitorRule.DriftShare, "drift_share", name);
        if (Rule == MonitorRule.ColumnDrift)
        {
            Guard.Required(Column, "column");
        }

        if (Column is { Length: 0 })
        {
            throw CrucibleException.Invalid("column must not be empty.");
        }

        if (Rule == MonitorRule.Performance)
        {
            Guard.Required(Metric, "metric");
            if (MinValue is { } min && !double.IsFinite(min))
            {
                throw CrucibleException.Invalid($"min_value must be a finite number, got {min}.");
            }
        }

        if (Threshold is { } t && Rule is MonitorRule.DataQuality or MonitorRule.MissingSpike or MonitorRule.TrafficDrop or MonitorRule.SegmentShift && !(t > 0 && t <= 1))
        {
            throw CrucibleException.Invalid($"threshold of the rule {name} must be in (0, 1], got {t}.");
        }
    }
}

/// <summary>A stored monitor: its spec, id, creation time and the end of the last window evaluated by the loop.</summary>
public sealed record DriftMonitor(string Id, MonitorSpec Spec, long CreationTimeMs, long? LastWindowEndMs);

/// <summary>Whether an alert's condition still holds.</summary>
public enum AlertStatus
{
    Firing,
    Resolved,
}

/// <summary>Where the webhook of an alert stands.</summary>
/// <param name="Status"><c>none</c> (no webhook), <c>pending</c>, <c>delivered</c> or <c>failed</c>.</param>
/// <param name="Attempts">POSTs made.</param>
/// <param name="Error">The last failure, if any.</param>
public sealed record AlertDelivery(string Status, int Attempts, string? Error)
{
    public static AlertDelivery None { get; } = new("none", 0, null);

    public static AlertDelivery Pending { get; } = new("pending", 0, null);
}

/// <summary>
/// A monitor's alert for one window, at most one per (monitor, window start). <see cref="Evidence"/> is the drift
/// report as JSON (per column: test, statistic, p-value, threshold, drift; the drifted share).
/// </summary>
public sealed record Alert(
    string Id,
    string MonitorId,
    string Deployment,
    long WindowStartMs,
    long WindowEndMs,
    AlertStatus Status,
    string Evidence,
    long CreationTimeMs,
    long? ResolvedTimeMs,
    AlertDelivery Delivery);

/// <summary>Filters alerts; null fields match everything.</summary>
public sealed record AlertQuery(string? Deployment = null, AlertStatus? Status = null, string? MonitorId = null, int MaxResults = 100);

/// <summary>
/// The latest evaluation of a monitor's rule over one window, fired or not. <see cref="Evidence"/> is JSON with
/// <c>rule</c>, <c>fired</c>, <c>value</c>, <c>threshold</c> and <c>sentence</c> (and, for drift rules, the drift report).
/// </summary>
public sealed record MonitorEvaluation(string MonitorId, long WindowStartMs, long WindowEndMs, MonitorRule Rule, bool Fired, string Evidence, long EvaluationTimeMs);
