namespace Crucible.Serving.Batching;

/// <summary>
/// What a <see cref="DynamicBatcher"/> reports for metrics. Calls come from the batcher's worker loops and must be
/// cheap and must not throw.
/// </summary>
public interface IBatchObserver
{
    /// <summary>One ONNX Runtime run happened over <paramref name="rows"/> rows merged from <paramref name="requests"/> requests.</summary>
    void BatchRan(int rows, int requests);

    /// <summary>The batcher started; until <see cref="Detach"/> its <see cref="DynamicBatcher.QueueDepth"/> may be read at any time.</summary>
    void Attach(DynamicBatcher batcher);

    /// <summary>The batcher is being disposed.</summary>
    void Detach(DynamicBatcher batcher);
}
