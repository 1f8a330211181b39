namespace Crucible.Core.Serving;

/// <summary>
/// Sees each batch of captured predictions after the capture writer has logged it, off the request path (e.g. to
/// keep per-window profiles), as tensors: no JSON is parsed back. Awaited by the single writer task; it must not
/// take long, and what it throws is logged and ignored.
/// </summary>
public interface IPredictionObserver
{
    /// <summary>Observes a batch just appended to the prediction log.</summary>
    ValueTask ObserveAsync(IReadOnlyList<CapturedPrediction> predictions, CancellationToken cancellationToken);
}
