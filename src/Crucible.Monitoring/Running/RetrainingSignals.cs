using Crucible.Core.Monitoring;
using Microsoft.Extensions.Logging;

namespace Crucible.Monitoring.Running;

/// <summary>
/// Raises retraining signals: stores one per alert, then hands a newly stored one to every
/// <see cref="IRetrainingSignalSink"/> registered in DI and POSTs <c>retraining.signal</c> to the monitor's webhook.
/// A sink that throws is logged and skipped; it never breaks the monitor or keeps the other sinks from hearing.
/// </summary>
public sealed partial class RetrainingSignals(
    IRetrainingSignalStore store, IEnumerable<IRetrainingSignalSink> sinks, WebhookSender webhooks, IWebhookBodies bodies, TimeProvider time, ILogger<RetrainingSignals> logger)
{
    public const string WebhookEvent = "retraining.signal";

    private readonly IRetrainingSignalSink[] _sinks = [.. sinks];

    /// <summary>The alert's signal: stored now (and dispatched) or found from an earlier call (and not dispatched again).</summary>
    public async Task<RetrainingSignal> RaiseAsync(DriftMonitor monitor, Alert alert, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(alert);
        var (signal, created) = await store.AddSignalAsync(
            new RetrainingSignal(string.Empty, monitor.Id, monitor.Spec.Deployment, alert.Id, reason, time.GetUtcNow().ToUnixTimeMilliseconds()),
            cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            return signal;
        }

        LogRaised(logger, signal.Id, signal.Deployment, signal.AlertId, signal.Reason);
        foreach (var sink in _sinks)
        {
            try
            {
                await sink.OnSignalAsync(signal, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogSinkFailed(logger, sink.GetType().Name, signal.Id, e);
            }
        }

        if (monitor.Spec.WebhookUrl is { } url)
        {
            var body = bodies.RetrainingSignal(signal);
            var delivery = await webhooks.SendAsync(url, monitor.Spec.WebhookSecret, WebhookEvent, body, cancellationToken).ConfigureAwait(false);
            if (delivery.Status != "delivered")
            {
                LogDeliveryFailed(logger, signal.Id, url, delivery.Attempts, delivery.Error);
            }
        }

        return signal;
    }

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Retraining signal {SignalId} for {Deployment} (alert {AlertId}): {Reason}")]
    private static partial void LogRaised(ILogger logger, string signalId, string deployment, string alertId, string reason);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Error, Message = "Retraining signal sink {Sink} failed on signal {SignalId}; the other sinks still run")]
    private static partial void LogSinkFailed(ILogger logger, string sink, string signalId, Exception exception);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Warning, Message = "Webhook of retraining signal {SignalId} to {Url} failed after {Attempts} attempts: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string signalId, string url, int attempts, string? error);
}
