using Crucible.Core.Errors;
using Crucible.Core.Monitoring;

namespace Crucible.Monitoring.Windows;

/// <summary>A thread-safe in-process <see cref="IProfilePartialStore"/>: the blobs kept in a dictionary, as a database would keep them.</summary>
public sealed class InMemoryProfilePartials(TimeProvider? time = null) : IProfilePartialStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ProfilePartialKey, StoredProfilePartial> _partials = [];
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    public Task UpdateAsync(ProfilePartialKey key, Func<byte[]?, ProfilePartialWrite> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(update);
        if (string.IsNullOrEmpty(key.Deployment) || string.IsNullOrEmpty(key.ModelVersion) || string.IsNullOrEmpty(key.Replica) || key.Length <= TimeSpan.Zero)
        {
            throw CrucibleException.Invalid("a partial needs a deployment, a model version, a replica and a positive window length");
        }

        if (key.Replica == IProfilePartialStore.MergedReplica)
        {
            throw CrucibleException.Invalid($"replica '{IProfilePartialStore.MergedReplica}' is reserved for a window's compacted profile");
        }

        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ProfilePartialWrite write = update(_partials.GetValueOrDefault(key)?.Blob);
            _partials[key] = new StoredProfilePartial(key, write.RowCount, write.Blob, _time.GetUtcNow().ToUnixTimeMilliseconds());
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredProfilePartial>> GetWindowAsync(
        string deployment, string modelVersion, DateTimeOffset windowStart, TimeSpan length, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<StoredProfilePartial> partials = _partials.Values
                .Where(p => p.Key.WindowStart == windowStart && p.Key.Length == length
                    && string.Equals(p.Key.Deployment, deployment, StringComparison.Ordinal)
                    && string.Equals(p.Key.ModelVersion, modelVersion, StringComparison.Ordinal))
                .OrderBy(p => p.Key.Replica, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(partials);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProfileWindowRef>> ListWindowsAsync(
        string deployment, string modelVersion, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<ProfileWindowRef> windows = _partials.Keys
                .Where(k => string.Equals(k.Deployment, deployment, StringComparison.Ordinal)
                    && string.Equals(k.ModelVersion, modelVersion, StringComparison.Ordinal)
                    && (from is null || k.WindowStart >= from)
                    && (to is null || k.WindowStart < to))
                .Select(k => new ProfileWindowRef(k.WindowStart, k.Length))
                .Distinct()
                .OrderBy(w => w.WindowStart)
                .ThenBy(w => w.Length)
                .ToList();
            return Task.FromResult(windows);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredProfilePartial>> GetRangeAsync(
        string deployment, DateTimeOffset from, DateTimeOffset to, int maxPartials = IProfilePartialStore.DefaultMaxPartials, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartials, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<StoredProfilePartial> partials = _partials.Values
                .Where(p => string.Equals(p.Key.Deployment, deployment, StringComparison.Ordinal) && p.Key.WindowStart >= from && p.Key.WindowStart < to)
                .OrderBy(p => p.Key.WindowStart)
                .ThenBy(p => p.Key.Length)
                .ThenBy(p => p.Key.ModelVersion, StringComparer.Ordinal)
                .ThenBy(p => p.Key.Replica, StringComparer.Ordinal)
                .Take(maxPartials)
                .ToList();
            return Task.FromResult(partials);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProfileWindowKey>> ListUncompactedAsync(DateTimeOffset closedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<ProfileWindowKey> windows = _partials.Keys
                .Where(k => k.WindowStart + k.Length <= closedBefore)
                .GroupBy(k => new ProfileWindowKey(k.Deployment, k.ModelVersion, k.WindowStart, k.Length))
                .Where(g => g.Count() > 1)
                .Select(g => g.Key)
                .OrderBy(w => w.WindowStart)
                .ThenBy(w => w.Deployment, StringComparer.Ordinal)
                .ThenBy(w => w.ModelVersion, StringComparer.Ordinal)
                .ThenBy(w => w.Length)
                .Take(max)
                .ToList();
            return Task.FromResult(windows);
        }
    }

    /// <inheritdoc />
    public Task<bool> CompactWindowAsync(ProfileWindowKey window, Func<IReadOnlyList<StoredProfilePartial>, ProfilePartialWrite?> compact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(compact);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var rows = _partials.Values
                .Where(p => p.Key.WindowStart == window.WindowStart && p.Key.Length == window.Length
                    && string.Equals(p.Key.Deployment, window.Deployment, StringComparison.Ordinal)
                    && string.Equals(p.Key.ModelVersion, window.ModelVersion, StringComparison.Ordinal))
                .OrderBy(p => p.Key.Replica, StringComparer.Ordinal)
                .ToList();
            if (rows.Count < 2 || compact(rows) is not { } write)
            {
                return Task.FromResult(false);
            }

            foreach (var row in rows)
            {
                _partials.Remove(row.Key);
            }

            var key = new ProfilePartialKey(window.Deployment, window.ModelVersion, window.WindowStart, window.Length, IProfilePartialStore.MergedReplica);
            var replicas = rows.SelectMany(r => r.Replicas).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            _partials[key] = new StoredProfilePartial(key, write.RowCount, write.Blob, _time.GetUtcNow().ToUnixTimeMilliseconds(), replicas);
            return Task.FromResult(true);
        }
    }
}
