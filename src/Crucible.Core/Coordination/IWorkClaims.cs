namespace Crucible.Core.Coordination;

/// <summary>
/// Leases on named units of background work, kept in the metadata database so that replicas sharing it (PostgreSQL)
/// do each unit exactly once: a scheduled pipeline period, a monitor window, a pipeline run in progress. A claim is
/// held by one replica until it is completed, released or its lease expires (the replica died); then another replica
/// may take it over. Only the holder renews it.
/// </summary>
public interface IWorkClaims
{
    /// <summary>This replica's name in the claims it holds (host, process id and a random suffix).</summary>
    string Holder { get; }

    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="lease"/>; false when the work is done or a replica (this one
    /// included) holds an unexpired lease on it.
    /// </summary>
    Task<bool> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends this replica's claim to <paramref name="lease"/> from now; false when it is no longer this replica's (taken over after it expired, or done).</summary>
    Task<bool> RenewAsync(string key, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Gives up this replica's claim (its work failed): the next claim, by any replica, takes the work.</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);

    /// <summary>Marks this replica's claim on <paramref name="key"/> done, so no replica claims it again.</summary>
    Task CompleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>The claim on <paramref name="key"/>, or null when it was never claimed.</summary>
    Task<WorkClaim?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes completed claims finished before <paramref name="beforeMs"/>; returns how many.</summary>
    Task<int> ForgetDoneAsync(long beforeMs, CancellationToken cancellationToken);
}

/// <summary>One claim: who holds it, until when, how many replicas claimed it, and when it was done.</summary>
/// <param name="Key">The unit of work, e.g. <c>monitor-window:ID:START</c>.</param>
/// <param name="Holder">The replica that holds (or last held) it.</param>
/// <param name="LeaseExpiresMs">When the lease runs out unless renewed (Unix ms).</param>
/// <param name="Claims">How many replicas took it (1 unless a replica died holding it).</param>
/// <param name="DoneMs">When it was completed (Unix ms); null while in progress.</param>
public sealed record WorkClaim(string Key, string Holder, long LeaseExpiresMs, int Claims, long? DoneMs);
