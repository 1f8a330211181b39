using System.Text.Json;
using Crucible.Contracts.Monitoring;
using Crucible.Core.Monitoring;
using Crucible.Monitoring.Running;

namespace Crucible.Server.Monitoring;

/// <summary>The monitoring webhooks' bodies as the API's wire records (<see cref="MonitoringJsonContext"/>).</summary>
internal sealed class WebhookBodies : IWebhookBodies
{
    public byte[] AlertFiring(Alert alert) =>
        JsonSerializer.SerializeToUtf8Bytes(new WebhookPayload("alert.firing", MonitorMapping.ToDto(alert)), MonitoringJsonContext.Default.WebhookPayload);

    public byte[] RetrainingSignal(RetrainingSignal signal) =>
        JsonSerializer.SerializeToUtf8Bytes(new SignalWebhookPayload(RetrainingSignals.WebhookEvent, MonitorMapping.ToDto(signal)), MonitoringJsonContext.Default.SignalWebhookPayload);
}
