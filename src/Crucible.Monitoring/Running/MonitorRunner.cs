using System.Collections.Concurrent;
using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Drift;
using Crucible.Monitoring.Rules;
using Microsoft.Extensions.Logging;

namespace Crucible.Monitoring.Running;

/// <summary>The outcome of one monitor evaluation over one window.</summary>
/// <param name="Monitor">The monitor evaluated.</param>
/// <param name="WindowStartMs">Window start (Unix ms).</param>
/// <param name="WindowEndMs">Window end, exclusive (Unix ms).</param>
/// <param name="ReferenceRecords">Predictions read from the reference window.</param>
/// <param name="WindowRecords">Predictions read from the window.</param>
/// <param name="DataQualityIssues">Window records skipped as unreadable.</param>
/// <param name="Report">Drift of the window against the reference (drift rules); null when either side had no rows.</param>
/// <param name="Alert">The window's alert, when the rule fired (created now or found from an earlier run).</param>
/// <param name="Resolved">Firing alerts of earlier windows that this quiet window resolved.</param>
/// <param name="Note">Why the rule was not evaluated, if it was not.</param>
/// <param name="Outcome">The rule's evaluation (value, threshold, sentence); null when it was not evaluated.</param>
/// <param name="Signal">The retraining signal of the alert, for monitors that ask for one.</param>
public sealed record MonitorRun(
    DriftMonitor Monitor,
    long WindowStartMs,
    long WindowEndMs,
    long ReferenceRecords,
    long WindowRecords,
    long DataQualityIssues,
    DriftReport? Report,
    Alert? Alert,
    IReadOnlyList<Alert> Resolved,
    string? Note,
    RuleOutcome? Outcome = null,
    RetrainingSignal? Signal = null);

/// <summary>
/// Evaluates a monitor over one window: profiles the reference window and the window from the prediction log (or
/// asks the <see cref="IPerformanceSource"/>, for the performance rule), evaluates the monitor's rule and, when it
/// fires, stores a firing alert (once per window), delivers its webhook and raises the retraining signal the monitor
/// asks for. A quiet window resolves the monitor's firing alerts of earlier windows.
/// </summary>
public sealed partial class MonitorRunner(
    IMonitorStore monitors,
    IPredictionLogStore log,
    WebhookSender webhooks,
    IWebhookBodies bodies,
    RetrainingSignals signals,
    IModelFeatureNames featureNames,
    DatasetReferences datasets,
    TimeProvider time,
    ILogger<MonitorRunner> logger,
    IPerformanceSource? performance = null)
{
    private const int MaxCachedReferences = 64;

    // Reference profiles of windows that had ended when they were read: the log of a past window does not change.
    private readonly ConcurrentDictionary<(string Deployment, long Start, long End), PredictionProfile> _references = new();

    public async Task<MonitorRun> RunAsync(DriftMonitor monitor, long windowStartMs, long windowEndMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        if (windowEndMs <= windowStartMs)
        {
            throw CrucibleException.Invalid($"The window is empty: window_end ({windowEndMs}) must be after window_start ({windowStartMs}).");
        }

        var spec = monitor.Spec;
        var (outcome, reference, current, note) = await EvaluateAsync(spec, windowStartMs, windowEndMs, cancellationToken).ConfigureAwait(false);
        MonitorRun Result(Alert? alert, IReadOnlyList<Alert> resolved, RetrainingSignal? signal = null) =>
            new(monitor, windowStartMs, windowEndMs, reference?.Records ?? 0, current?.Records ?? 0, current?.DataQualityIssues ?? 0, outcome?.Report, alert, resolved, note, outcome, signal);

        if (outcome is null)
        {
            return Result(null, []);
        }

        var evidence = outcome.Evidence();
        await monitors.RecordEvaluationAsync(
            new MonitorEvaluation(monitor.Id, windowStartMs, windowEndMs, spec.Rule, outcome.Fired, evidence, time.GetUtcNow().ToUnixTimeMilliseconds()),
            cancellationToken).ConfigureAwait(false);

        if (!outcome.Fired)
        {
            var resolved = await monitors.ResolveAlertsAsync(monitor.Id, windowStartMs, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
            return Result(await monitors.GetAlertAsync(monitor.Id, windowStartMs, cancellationToken).ConfigureAwait(false), resolved);
        }

        var (alert, created) = await monitors.AddAlertAsync(
            new Alert(
                string.Empty, monitor.Id, spec.Deployment, windowStartMs, windowEndMs, AlertStatus.Firing, evidence, 0, null,
                spec.WebhookUrl is null ? AlertDelivery.None : AlertDelivery.Pending),
            cancellationToken).ConfigureAwait(false);
        if (created)
        {
            LogAlert(logger, monitor.Id, spec.Deployment, outcome.Rule, outcome.Sentence, windowStartMs);
        }

        // A new alert is delivered; an old one only if its delivery failed or never finished (a crash mid-way).
        if (spec.WebhookUrl is { } url && (created || alert.Delivery.Status is "failed" or "pending"))
        {
            var body = bodies.AlertFiring(alert);
            var delivery = await webhooks.SendAsync(url, spec.WebhookSecret, "alert.firing", body, cancellationToken).ConfigureAwait(false);
            if (delivery.Status != "delivered")
            {
                LogDeliveryFailed(logger, alert.Id, url, delivery.Attempts, delivery.Error);
            }

            alert = await monitors.SetDeliveryAsync(alert.Id, delivery with { Attempts = delivery.Attempts + alert.Delivery.Attempts }, cancellationToken).ConfigureAwait(false);
        }

        // Raised for a found alert too: storing is idempotent per alert, and a crash between the alert and its signal
        // is healed by the next run of the window; sinks only hear of a signal the call created.
        var signal = spec.Retrain ? await signals.RaiseAsync(monitor, alert, outcome.Sentence, cancellationToken).ConfigureAwait(false) : null;
        return Result(alert, [], signal);
    }

    /// <summary>The rule's outcome, or a note saying why it could not be evaluated.</summary>
    private async Task<(RuleOutcome? Outcome, PredictionProfile? Reference, PredictionProfile? Current, string? Note)> EvaluateAsync(
        MonitorSpec spec, long windowStartMs, long windowEndMs, CancellationToken cancellationToken)
    {
        if (spec.Rule == MonitorRule.Performance)
        {
            var metrics = performance is null ? null : await performance.GetAsync(spec.Deployment, windowStartMs, windowEndMs, cancellationToken).ConfigureAwait(false);
            var outcome = PerformanceRule.Evaluate(spec, metrics);
            return outcome.Value is null ? (null, null, null, outcome.Sentence) : (outcome, null, null, null);
        }

        var options = DriftRuleOptions.Of(spec);
        var reference = spec.ReferenceDataset is { } dataset
            ? await datasets.GetAsync(dataset, cancellationToken).ConfigureAwait(false)
            : await ReferenceAsync(spec, cancellationToken).ConfigureAwait(false);
        var current = await PredictionProfiles.BuildAsync(
            log, spec.Deployment, DateTimeOffset.FromUnixTimeMilliseconds(windowStartMs), DateTimeOffset.FromUnixTimeMilliseconds(windowEndMs),
            featureNames: featureNames.GetAsync, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (reference.Profile.RowCount == 0)
        {
            return (null, reference, current, spec.ReferenceDataset is null ? "The reference window has no readable predictions." : $"The reference dataset {spec.ReferenceDataset} has no rows.");
        }

        // An empty window is itself a traffic drop, and a window of unreadable records a data-quality failure.
        if (current.Profile.RowCount == 0 && spec.Rule is not (MonitorRule.TrafficDrop or MonitorRule.DataQuality))
        {
            return (null, reference, current, "The window has no readable predictions.");
        }

        if (spec.ReferenceDataset is not null && current.Profile.RowCount > 0 && !current.Profile.ColumnNames.Any(reference.Profile.ColumnNames.Contains))
        {
            return (null, reference, current,
                $"None of the window's columns ({string.Join(", ", current.Profile.ColumnNames.Take(5))}{(current.Profile.ColumnNames.Count > 5 ? ", ..." : string.Empty)}) is a column of the reference dataset {spec.ReferenceDataset}; "
                + "name the model's input columns with the ONNX metadata crucible.feature_names.");
        }

        var evaluated = RuleEvaluator.Evaluate(spec, reference, current, spec.ReferenceEndMs - spec.ReferenceStartMs, windowEndMs - windowStartMs, options);
        return (spec.ReferenceDataset is null ? evaluated : WithoutReference(evaluated, reference, current, spec.ReferenceDataset), reference, current, null);
    }

    /// <summary>Lists the window's columns the reference dataset lacks (predictions, mostly) as skipped, so the evidence says why they were not tested.</summary>
    private static RuleOutcome WithoutReference(RuleOutcome outcome, PredictionProfile reference, PredictionProfile current, string dataset)
    {
        if (outcome.Report is not { } report)
        {
            return outcome;
        }

        var missing = current.Profile.ColumnNames.Where(c => reference.Profile.Column(c) is null)
            .Select(c => new SkippedColumn(c, $"no column of this name in the reference dataset {dataset}"));
        return outcome with { Report = report with { Skipped = [.. report.Skipped, .. missing] } };
    }

    private async Task<PredictionProfile> ReferenceAsync(MonitorSpec spec, CancellationToken cancellationToken)
    {
        var key = (spec.Deployment, spec.ReferenceStartMs, spec.ReferenceEndMs);
        if (_references.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var profile = await PredictionProfiles.BuildAsync(
            log, spec.Deployment, DateTimeOffset.FromUnixTimeMilliseconds(spec.ReferenceStartMs), DateTimeOffset.FromUnixTimeMilliseconds(spec.ReferenceEndMs),
            featureNames: featureNames.GetAsync, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (spec.ReferenceEndMs <= time.GetUtcNow().ToUnixTimeMilliseconds() && profile.Profile.RowCount > 0)
        {
            if (_references.Count >= MaxCachedReferences)
            {
                _references.Clear();
            }

            // Callers only read the profile (ProfileDrift does not mutate it), so one instance can be shared.
            _references[key] = profile;
        }

        return profile;
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Monitor {MonitorId} on {Deployment} ({Rule}): {Sentence} Window starting {WindowStartMs}; alert firing")]
    private static partial void LogAlert(ILogger logger, string monitorId, string deployment, string rule, string sentence, long windowStartMs);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Webhook of alert {AlertId} to {Url} failed after {Attempts} attempts: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string alertId, string url, int attempts, string? error);
}
