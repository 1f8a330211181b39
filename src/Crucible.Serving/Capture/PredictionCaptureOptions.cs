namespace Crucible.Serving.Capture;

/// <summary>How much the capture queue holds and how the writer batches appends to the prediction log.</summary>
public sealed record PredictionCaptureOptions
{
    public static PredictionCaptureOptions Default { get; } = new();

    /// <summary>Predictions the queue holds; past this, new ones are dropped (and counted), never waited for.</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>Most records in one append.</summary>
    public int MaxBatch { get; init; } = 500;

    /// <summary>How long the writer waits for a fuller batch when fewer than <see cref="MaxBatch"/> are queued.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
