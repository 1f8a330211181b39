using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crucible.Contracts.Monitoring;

/// <summary>
/// The body of <c>POST /api/crucible/v1/monitors</c>: a deployment, its reference window [reference_start,
/// reference_end) in Unix milliseconds, and the optional window length, rule and webhook.
/// </summary>
public sealed record MonitorRequest
{
    public string? Deployment { get; init; }

    public long? ReferenceStart { get; init; }

    public long? ReferenceEnd { get; init; }

    /// <summary>Window length in milliseconds (default one hour).</summary>
    public long? WindowMs { get; init; }

    /// <summary>Share of drifted columns at or above which the dataset drifts (default 0.5).</summary>
    public double? DriftShare { get; init; }

    /// <summary>Test for every column; default Evidently's rule per column.</summary>
    public string? Stattest { get; init; }

    /// <summary>Per-column threshold of the test; default the test's own.</summary>
    public double? Threshold { get; init; }

    public string? WebhookUrl { get; init; }

    /// <summary>Signs the webhook body (<c>X-Crucible-Signature: sha256=HMAC</c>); never returned.</summary>
    public string? WebhookSecret { get; init; }

    public bool? Enabled { get; init; }

    /// <summary>
    /// <c>drift_share</c> (default), <c>column_drift</c>, <c>prediction_drift</c>, <c>performance</c>,
    /// <c>data_quality</c>, <c>missing_spike</c> or <c>traffic_drop</c>.
    /// </summary>
    public string? Rule { get; init; }

    /// <summary>The column of <c>column_drift</c> (required) or <c>missing_spike</c> (default: every column).</summary>
    public string? Column { get; init; }

    /// <summary>The metric of <c>performance</c>, e.g. <c>accuracy</c>.</summary>
    public string? Metric { get; init; }

    /// <summary><c>performance</c> also alerts when the metric is below this.</summary>
    public double? MinValue { get; init; }

    /// <summary>Raise a retraining signal when the monitor's alert fires.</summary>
    public bool? Retrain { get; init; }

    /// <summary>A registered dataset version <c>NAME@VERSION</c> as the reference, instead of reference_start/reference_end.</summary>
    public string? ReferenceDataset { get; init; }
}

/// <summary>The body of <c>PATCH /api/crucible/v1/monitors/{id}</c>.</summary>
public sealed record PatchMonitorRequest
{
    public bool? Enabled { get; init; }
}

/// <summary>A monitor as the API shows it (the webhook secret is never echoed).</summary>
public sealed record MonitorDto(
    string Id,
    string Deployment,
    long ReferenceStart,
    long ReferenceEnd,
    long WindowMs,
    double DriftShare,
    string? Stattest,
    double? Threshold,
    string? WebhookUrl,
    bool WebhookSigned,
    bool Enabled,
    long CreationTime,
    long? LastWindowEnd,
    string? Rule = null,
    string? Column = null,
    string? Metric = null,
    double? MinValue = null,
    bool? Retrain = null,
    string? ReferenceDataset = null);

public sealed record MonitorResponse(MonitorDto Monitor);

public sealed record MonitorsResponse(IReadOnlyList<MonitorDto> Monitors);

/// <summary>The body of <c>POST /api/crucible/v1/monitors/{id}/run</c>: the window [window_start, window_end) in Unix milliseconds.</summary>
public sealed record RunMonitorRequest
{
    public long? WindowStart { get; init; }

    public long? WindowEnd { get; init; }
}

/// <summary>
/// An alert; <see cref="Evidence"/> is its rule's evaluation (<c>rule</c>, <c>value</c>, <c>threshold</c>, <c>sentence</c>)
/// and, for drift rules, the window's drift report (per column: test, statistic, p-value, threshold, drift; the share).
/// </summary>
public sealed record AlertDto(
    string Id,
    string MonitorId,
    string Deployment,
    long WindowStart,
    long WindowEnd,
    string Status,
    JsonElement Evidence,
    long CreationTime,
    long? ResolvedTime,
    string DeliveryStatus,
    int DeliveryAttempts,
    string? DeliveryError);

public sealed record AlertsResponse(IReadOnlyList<AlertDto> Alerts);

/// <summary>One evaluation of a monitor over a window.</summary>
public sealed record RunMonitorResponse(
    string MonitorId,
    long WindowStart,
    long WindowEnd,
    long ReferenceRecords,
    long WindowRecords,
    long DataQualityIssues,
    bool? DatasetDrift,
    JsonElement? Drift,
    AlertDto? Alert,
    IReadOnlyList<AlertDto> Resolved,
    string? Note,
    JsonElement? Evidence = null,
    RetrainingSignalDto? Signal = null);

/// <summary>What a webhook receives: <c>{"event": "alert.firing", "alert": {...}}</c>.</summary>
public sealed record WebhookPayload(string Event, AlertDto Alert);

/// <summary>The latest evaluation of a monitor over one window; <see cref="Evidence"/> says rule, value, threshold and sentence.</summary>
public sealed record MonitorEvaluationDto(long WindowStart, long WindowEnd, string Rule, bool Fired, JsonElement Evidence, long EvaluationTime);

public sealed record MonitorEvaluationsResponse(IReadOnlyList<MonitorEvaluationDto> Evaluations);

/// <summary>A retraining signal: a monitor with <c>retrain</c> asked for one when its alert fired.</summary>
public sealed record RetrainingSignalDto(string Id, string MonitorId, string Deployment, string AlertId, string Reason, long CreationTime);

public sealed record RetrainingSignalsResponse(IReadOnlyList<RetrainingSignalDto> Signals);

/// <summary>What a webhook receives for a signal: <c>{"event": "retraining.signal", "signal": {...}}</c>.</summary>
public sealed record SignalWebhookPayload(string Event, RetrainingSignalDto Signal);

/// <summary>Source-generated JSON for the monitoring API and its webhooks: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(MonitorRequest))]
[JsonSerializable(typeof(MonitorResponse))]
[JsonSerializable(typeof(MonitorsResponse))]
[JsonSerializable(typeof(RunMonitorRequest))]
[JsonSerializable(typeof(RunMonitorResponse))]
[JsonSerializable(typeof(AlertsResponse))]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(PatchMonitorRequest))]
[JsonSerializable(typeof(RetrainingSignalsResponse))]
[JsonSerializable(typeof(SignalWebhookPayload))]
[JsonSerializable(typeof(MonitorEvaluationsResponse))]
[JsonSerializable(typeof(ProfileWindowsResponse))]
[JsonSerializable(typeof(ProfileUploadResponse))]
public sealed partial class MonitoringJsonContext : JsonSerializerContext;
