using System.Collections.Concurrent;
using System.Text.Json;
using Crucible.Contracts.Monitoring;
using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Drift;

namespace Crucible.Server.Monitoring;

/// <summary>The outcome of one monitor evaluation over one window.</summary>
/// <param name="Monitor">The monitor evaluated.</param>
/// <param name="WindowStartMs">Window start (Unix ms).</param>
/// <param name="WindowEndMs">Window end, exclusive (Unix ms).</param>
/// <param name="ReferenceRecords">Predictions read from the reference window.</param>
/// <param name="WindowRecords">Predictions read from the window.</param>
/// <param name="DataQualityIssues">Window records skipped as unreadable.</param>
/// <param name="Report">Drift of the window against the reference; null when either side had no rows.</param>
/// <param name="Alert">The window's alert, when the dataset drifted (created now or found from an earlier run).</param>
/// <param name="Resolved">Firing alerts of earlier windows that this drift-free window resolved.</param>
/// <param name="Note">Why there is no report, if there is none.</param>
internal sealed record MonitorRun(
    DriftMonitor Monitor,
    long WindowStartMs,
    long WindowEndMs,
    long ReferenceRecords,
    long WindowRecords,
    long DataQualityIssues,
    DriftReport? Report,
    Alert? Alert,
    IReadOnlyList<Alert> Resolved,
    string? Note);

/// <summary>
/// Evaluates a monitor over one window: profiles the reference window and the window from the prediction log,
/// compares them with <see cref="ProfileDrift"/> and, when the share of drifted columns reaches the monitor's
/// threshold, stores a firing alert (once per window) and delivers its webhook. A window without drift resolves
/// the monitor's firing alerts of earlier windows.
/// </summary>
internal sealed partial class MonitorRunner(
    IMonitorStore monitors, IPredictionLogStore log, WebhookSender webhooks, TimeProvider time, ILogger<MonitorRunner> logger)
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
        var options = MonitorMapping.Options(spec);
        var reference = await ReferenceAsync(spec, cancellationToken).ConfigureAwait(false);
        var current = await PredictionProfiles.BuildAsync(
            log, spec.Deployment, DateTimeOffset.FromUnixTimeMilliseconds(windowStartMs), DateTimeOffset.FromUnixTimeMilliseconds(windowEndMs), cancellationToken: cancellationToken).ConfigureAwait(false);
        MonitorRun Result(DriftReport? report, Alert? alert, IReadOnlyList<Alert> resolved, string? note) =>
            new(monitor, windowStartMs, windowEndMs, reference.Records, current.Records, current.DataQualityIssues, report, alert, resolved, note);

        if (reference.Profile.RowCount == 0)
        {
            return Result(null, null, [], "The reference window has no readable predictions.");
        }

        if (current.Profile.RowCount == 0)
        {
            return Result(null, null, [], "The window has no readable predictions.");
        }

        var report = ProfileDrift.Compute(reference.Profile, current.Profile, options);
        if (!report.DatasetDrift)
        {
            var resolved = await monitors.ResolveAlertsAsync(monitor.Id, windowStartMs, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
            return Result(report, await monitors.GetAlertAsync(monitor.Id, windowStartMs, cancellationToken).ConfigureAwait(false), resolved, null);
        }

        var (alert, created) = await monitors.AddAlertAsync(
            new Alert(
                string.Empty, monitor.Id, spec.Deployment, windowStartMs, windowEndMs, AlertStatus.Firing, DriftJson.Serialize(report), 0, null,
                spec.WebhookUrl is null ? AlertDelivery.None : AlertDelivery.Pending),
            cancellationToken).ConfigureAwait(false);
        if (created)
        {
            LogAlert(logger, monitor.Id, spec.Deployment, report.DriftedColumns, report.Columns.Count, windowStartMs);
        }

        // A new alert is delivered; an old one only if its delivery failed or never finished (a crash mid-way).
        if (spec.WebhookUrl is { } url && (created || alert.Delivery.Status is "failed" or "pending"))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new WebhookPayload("alert.firing", MonitorMapping.ToDto(alert)), MonitoringJsonContext.Default.WebhookPayload);
            var delivery = await webhooks.SendAsync(url, spec.WebhookSecret, "alert.firing", body, cancellationToken).ConfigureAwait(false);
            if (delivery.Status != "delivered")
            {
                LogDeliveryFailed(logger, alert.Id, url, delivery.Attempts, delivery.Error);
            }

            alert = await monitors.SetDeliveryAsync(alert.Id, delivery with { Attempts = delivery.Attempts + alert.Delivery.Attempts }, cancellationToken).ConfigureAwait(false);
        }

        return Result(report, alert, [], null);
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
            cancellationToken: cancellationToken).ConfigureAwait(false);
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

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Monitor {MonitorId} on {Deployment}: {Drifted} of {Tested} columns drifted in the window starting {WindowStartMs}; alert firing")]
    private static partial void LogAlert(ILogger logger, string monitorId, string deployment, int drifted, int tested, long windowStartMs);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Webhook of alert {AlertId} to {Url} failed after {Attempts} attempts: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string alertId, string url, int attempts, string? error);
}
