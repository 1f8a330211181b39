namespace Crucible.Core.Monitoring;

/// <summary>Stored retraining signals, at most one per alert.</summary>
public interface IRetrainingSignalStore
{
    /// <summary>
    /// Stores the signal (with a generated id when <see cref="RetrainingSignal.Id"/> is empty) unless its alert already
    /// has one; returns the stored signal and whether this call created it. Two concurrent callers get one signal.
    /// </summary>
    Task<(RetrainingSignal Signal, bool Created)> AddSignalAsync(RetrainingSignal signal, CancellationToken cancellationToken);

    /// <summary>Signals newest first, optionally of one deployment.</summary>
    Task<IReadOnlyList<RetrainingSignal>> ListSignalsAsync(string? deployment, int maxResults, CancellationToken cancellationToken);
}
