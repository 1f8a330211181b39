using System.Text.Json;
using Crucible.Contracts.Monitoring;
using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Monitoring.Running;

namespace Crucible.Server.Monitoring;

/// <summary>Between the monitoring API's wire records and the domain.</summary>
internal static class MonitorMapping
{
    public static MonitorSpec ToSpec(MonitorRequest request)
    {
        var window = request.ReferenceStart is not null || request.ReferenceEnd is not null;
        if (request.ReferenceDataset is not null && window)
        {
            throw CrucibleException.Invalid("Give either reference_dataset or reference_start/reference_end, not both.");
        }

        if (request.ReferenceDataset is null && !window)
        {
            throw CrucibleException.Invalid(
                "A monitor needs a reference: reference_start and reference_end (a window of served traffic) or reference_dataset (a registered dataset, NAME@VERSION).");
        }

        var dataset = request.ReferenceDataset is not null;
        var spec = new MonitorSpec(
            Guard.Required(request.Deployment, "deployment"),
            dataset ? 0 : Guard.EpochMs(Guard.Required(request.ReferenceStart, "reference_start"), "reference_start"),
            dataset ? 0 : Guard.EpochMs(Guard.Required(request.ReferenceEnd, "reference_end"), "reference_end"),
            Guard.DurationMs(request.WindowMs ?? MonitorSpec.DefaultWindowMs, "window_ms", MonitorSpec.MinWindowMs),
            request.DriftShare ?? MonitorSpec.DefaultDriftShare,
            request.Stattest,
            request.Threshold,
            request.WebhookUrl,
            request.WebhookSecret,
            request.Enabled ?? true,
            MonitorRules.Parse(request.Rule),
            request.Column,
            request.Metric,
            request.MinValue,
            request.Retrain ?? false,
            request.ReferenceDataset);
        spec.Validate();
        _ = DriftRuleOptions.Of(spec);
        return spec;
    }

    public static MonitorDto ToDto(DriftMonitor m) => new(
        m.Id,
        m.Spec.Deployment,
        m.Spec.ReferenceStartMs,
        m.Spec.ReferenceEndMs,
        m.Spec.WindowMs,
        m.Spec.DriftShare,
        m.Spec.StatTest,
        m.Spec.Threshold,
        m.Spec.WebhookUrl,
        !string.IsNullOrEmpty(m.Spec.WebhookSecret),
        m.Spec.Enabled,
        m.CreationTimeMs,
        m.LastWindowEndMs,
        // Left out for drift-share monitors, so clients that predate rules read them exactly as before.
        m.Spec.Rule == MonitorRule.DriftShare ? null : m.Spec.Rule.Name(),
        m.Spec.Column,
        m.Spec.Metric,
        m.Spec.MinValue,
        m.Spec.Retrain ? true : null,
        m.Spec.ReferenceDataset);

    public static AlertDto ToDto(Alert a) => new(
        a.Id,
        a.MonitorId,
        a.Deployment,
        a.WindowStartMs,
        a.WindowEndMs,
        a.Status == AlertStatus.Firing ? "firing" : "resolved",
        Parse(a.Evidence),
        a.CreationTimeMs,
        a.ResolvedTimeMs,
        a.Delivery.Status,
        a.Delivery.Attempts,
        a.Delivery.Error);

    public static RetrainingSignalDto ToDto(RetrainingSignal s) => new(s.Id, s.MonitorId, s.Deployment, s.AlertId, s.Reason, s.CreationTimeMs);

    public static JsonElement Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Evidence is always written as JSON here; if a row was altered by hand, show it as a string.
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStringValue(json);
            }

            using var fallback = JsonDocument.Parse(buffer.WrittenMemory);
            return fallback.RootElement.Clone();
        }
    }
}
