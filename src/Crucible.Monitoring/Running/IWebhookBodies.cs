using Crucible.Core.Monitoring;

namespace Crucible.Monitoring.Running;

/// <summary>
/// The JSON bodies of the monitoring webhooks. They are records of the HTTP contract, so the host encodes them; the
/// runner and the signals only decide when to send.
/// </summary>
public interface IWebhookBodies
{
    /// <summary>The body of <c>alert.firing</c> for <paramref name="alert"/>.</summary>
    byte[] AlertFiring(Alert alert);

    /// <summary>The body of <c>retraining.signal</c> for <paramref name="signal"/>.</summary>
    byte[] RetrainingSignal(RetrainingSignal signal);
}
