using Crucible.Monitoring.Profiles;

namespace Crucible.Monitoring.Windows;

/// <summary>A thread-safe in-process <see cref="IProfileStore"/> holding the binary blobs (as a database would).</summary>
public sealed class InMemoryProfileStore : IProfileStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<WindowKey, byte[]> _blobs = [];

    /// <inheritdoc />
    public Task SavePartialAsync(WindowKey key, DatasetProfile partial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(partial);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            DatasetProfile merged = partial;
            if (_blobs.TryGetValue(key, out byte[]? existing))
            {
                try
                {
                    merged = DatasetProfile.Merge(DatasetProfile.FromBytes(existing), partial);
                }
                catch (InvalidDataException)
                {
                    // The stored partial is unreadable: the new one replaces it rather than failing the writer.
                }
            }

            _blobs[key] = merged.ToBytes();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<MergedWindow?> LoadWindowAsync(WindowId window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        cancellationToken.ThrowIfCancellationRequested();
        List<KeyValuePair<WindowKey, byte[]>> partials;
        lock (_gate)
        {
            // Compared field by field: WindowKey.Window would allocate a WindowId per stored partial per read.
            partials = _blobs.Where(kv => kv.Key.WindowStart == window.WindowStart && kv.Key.Length == window.Length
                && string.Equals(kv.Key.Deployment, window.Deployment, StringComparison.Ordinal)
                && string.Equals(kv.Key.ModelVersion, window.ModelVersion, StringComparison.Ordinal)).ToList();
        }

        return Task.FromResult(partials.Count == 0
            ? null
            : (MergedWindow?)PartialBlobs.Merge(window, partials.Select(kv => (kv.Key.Replica, kv.Value))));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WindowId>> ListWindowsAsync(
        string deployment, string modelVersion, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            IReadOnlyList<WindowId> windows = _blobs.Keys
                .Where(k => string.Equals(k.Deployment, deployment, StringComparison.Ordinal)
                    && string.Equals(k.ModelVersion, modelVersion, StringComparison.Ordinal)
                    && (from is null || k.WindowStart >= from)
                    && (to is null || k.WindowStart < to))
                .Select(k => k.Window)
                .Distinct()
                .OrderBy(w => w.WindowStart)
                .ToList();
            return Task.FromResult(windows);
        }
    }

    /// <summary>Stores a raw blob as-is (tests use it to plant corrupt partials).</summary>
    internal void PutBlob(WindowKey key, byte[] blob)
    {
        lock (_gate)
        {
            _blobs[key] = blob;
        }
    }
}
