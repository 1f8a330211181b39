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
}
