namespace Crucible.Core.Monitoring;

/// <summary>
/// Where per-window partial profiles are kept, as bytes: one blob per (deployment, model version, window start, window
/// length, replica). The store never decodes a blob; merging partials is Crucible.Monitoring's (its ProfileStore).
/// </summary>
public interface IProfilePartialStore
{
    /// <summary>The most partials <see cref="GetRangeAsync"/> reads by default.</summary>
    const int DefaultMaxPartials = 20_000;

    /// <summary>
    /// The replica name of a window's compacted row (the merge of its replicas' partials); reserved: a replica may not
    /// save a partial under it.
    /// </summary>
    const string MergedReplica = "(merged)";

    /// <summary>
    /// Replaces one partial with what <paramref name="update"/> makes of the stored blob (null when there is none), in
    /// one write transaction, so two saves of the same key never lose each other's rows. The key is validated
    /// (deployment, model version and replica required, positive length): invalid input is a
    /// <see cref="Errors.CrucibleException"/>.
    /// </summary>
    Task UpdateAsync(ProfilePartialKey key, Func<byte[]?, ProfilePartialWrite> update, CancellationToken cancellationToken = default);

    /// <summary>The partials of one window (all replicas), in replica order.</summary>
    Task<IReadOnlyList<StoredProfilePartial>> GetWindowAsync(
        string deployment, string modelVersion, DateTimeOffset windowStart, TimeSpan length, CancellationToken cancellationToken = default);

    /// <summary>Windows of one model version with at least one partial, oldest first, optionally starting within [from, to).</summary>
    Task<IReadOnlyList<ProfileWindowRef>> ListWindowsAsync(
        string deployment, string modelVersion, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every partial of a deployment (all model versions, lengths and replicas) whose window starts in [from, to), ordered
    /// by window start, window length, model version and replica; at most <paramref name="maxPartials"/> of them.
    /// </summary>
    Task<IReadOnlyList<StoredProfilePartial>> GetRangeAsync(
        string deployment, DateTimeOffset from, DateTimeOffset to, int maxPartials = DefaultMaxPartials, CancellationToken cancellationToken = default);

    /// <summary>
    /// Windows that ended at or before <paramref name="closedBefore"/> and still hold more than one row (partials not
    /// yet compacted), oldest first, at most <paramref name="max"/>.
    /// </summary>
    Task<IReadOnlyList<ProfileWindowKey>> ListUncompactedAsync(DateTimeOffset closedBefore, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces every row of one window with the single row <paramref name="compact"/> makes of them (stored under
    /// <see cref="MergedReplica"/>, listing the replicas merged), in one write transaction. When
    /// <paramref name="compact"/> returns null, or a row changed between the read and the delete (a late save), nothing
    /// is written and false is returned: the window is compacted at a later call.
    /// </summary>
    Task<bool> CompactWindowAsync(ProfileWindowKey window, Func<IReadOnlyList<StoredProfilePartial>, ProfilePartialWrite?> compact, CancellationToken cancellationToken = default);
}
