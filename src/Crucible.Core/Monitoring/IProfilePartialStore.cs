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
}
