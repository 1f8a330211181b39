using Crucible.Core.Monitoring;
using Crucible.Stats.Profiles;

namespace Crucible.Monitoring.Windows;

/// <summary>A stored window: its merged partials, total rows and the replicas that wrote them.</summary>
/// <param name="Merged">The window merged (corrupt partials skipped and listed in its problems).</param>
/// <param name="Rows">Sum of the partials' row counts as recorded at save time (corrupt ones included).</param>
/// <param name="Replicas">Replicas with a partial, in ordinal order.</param>
/// <param name="UpdatedTimeMs">Latest save of any partial (Unix ms).</param>
public sealed record StoredWindow(MergedWindow Merged, long Rows, IReadOnlyList<string> Replicas, long UpdatedTimeMs);

/// <summary>
/// Per-window partial profiles over a blob port (<see cref="IProfilePartialStore"/>: SQLite or PostgreSQL in
/// Crucible.Storage, or <see cref="InMemoryProfilePartials"/>): each replica saves its own partial, and saving the same
/// key again merges into it (late rows); readers get a window's partials merged in a canonical order. A blob that does
/// not decode is reported with its replica and skipped, never thrown.
/// </summary>
public sealed class ProfileStore
{
    private readonly IProfilePartialStore _partials;

    /// <summary>Profiles kept by <paramref name="partials"/>.</summary>
    public ProfileStore(IProfilePartialStore partials)
    {
        ArgumentNullException.ThrowIfNull(partials);
        _partials = partials;
    }

    /// <summary>A store holding its blobs in this process (tests, benchmarks, a single replica).</summary>
    public static ProfileStore InMemory() => new(new InMemoryProfilePartials());

    /// <summary>The blob port underneath.</summary>
    public IProfilePartialStore Partials => _partials;

    /// <summary>
    /// Saves a replica's partial profile, merged into the partial already stored under the same key (read and written
    /// in one transaction of the port). An unreadable stored partial is replaced rather than failing the writer.
    /// </summary>
    public Task SavePartialAsync(WindowKey key, DatasetProfile partial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(partial);
        return _partials.UpdateAsync(
            new ProfilePartialKey(key.Deployment, key.ModelVersion, key.WindowStart, key.Length, key.Replica),
            stored =>
            {
                DatasetProfile merged = stored is not null && PartialBlobs.TryDecode(stored, out DatasetProfile? old, out _)
                    ? DatasetProfile.Merge(old, partial)
                    : partial;
                return new ProfilePartialWrite(merged.ToBytes(), merged.RowCount);
            },
            cancellationToken);
    }

    /// <summary>
    /// Loads a window with its partials merged in a canonical order (independent of save order). Corrupt partials are
    /// skipped and reported in <see cref="MergedWindow.Problems"/>. Null when the window has no partial.
    /// </summary>
    public async Task<MergedWindow?> LoadWindowAsync(WindowId window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        var partials = await _partials.GetWindowAsync(window.Deployment, window.ModelVersion, window.WindowStart, window.Length, cancellationToken).ConfigureAwait(false);
        return partials.Count == 0 ? null : PartialBlobs.Merge(window, partials.Select(p => (p.Key.Replica, p.Blob)));
    }

    /// <summary>Windows with at least one partial, oldest first, optionally within [from, to).</summary>
    public async Task<IReadOnlyList<WindowId>> ListWindowsAsync(
        string deployment, string modelVersion, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        var windows = await _partials.ListWindowsAsync(deployment, modelVersion, from, to, cancellationToken).ConfigureAwait(false);
        return [.. windows.Select(w => new WindowId(deployment, modelVersion, w.WindowStart) { Length = w.Length })];
    }

    /// <summary>
    /// Every stored window of a deployment (all model versions and lengths) starting in [from, to), merged, oldest
    /// first; one read of the port for the whole range, so a report over many windows costs one query. At most
    /// <paramref name="maxPartials"/> partials are read (the last window may then be incomplete: ask for one more).
    /// </summary>
    public async Task<IReadOnlyList<StoredWindow>> LoadRangeAsync(
        string deployment, DateTimeOffset from, DateTimeOffset to, int maxPartials = IProfilePartialStore.DefaultMaxPartials, CancellationToken cancellationToken = default)
    {
        var rows = await _partials.GetRangeAsync(deployment, from, to, maxPartials, cancellationToken).ConfigureAwait(false);

        // Decoding and merging dominate a long range; windows are independent, so they merge in parallel.
        return rows
            .GroupBy(r => new WindowId(r.Key.Deployment, r.Key.ModelVersion, r.Key.WindowStart) { Length = r.Key.Length })
            .AsParallel()
            .AsOrdered()
            .Select(g => new StoredWindow(
                PartialBlobs.Merge(g.Key, g.Select(r => (r.Key.Replica, r.Blob))),
                g.Sum(r => r.RowCount),
                [.. g.SelectMany(r => r.Replicas).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                g.Max(r => r.UpdatedTimeMs)))
            .ToList();
    }

    /// <summary>
    /// Compacts closed windows: each window that ended at or before <paramref name="closedBefore"/> and still holds
    /// several partials gets them replaced by their merge (one row), so a report reads and decodes one profile per
    /// window and merges nothing. A window with an unreadable partial is left as it is (its problem stays reported); a
    /// partial saved later (a late flush) is stored beside the merged row and merged in at a later call. At most
    /// <paramref name="max"/> windows per call; returns the windows compacted.
    /// </summary>
    public async Task<int> CompactClosedWindowsAsync(DateTimeOffset closedBefore, int max = 1_000, CancellationToken cancellationToken = default)
    {
        int compacted = 0;
        foreach (var window in await _partials.ListUncompactedAsync(closedBefore, max, cancellationToken).ConfigureAwait(false))
        {
            var id = new WindowId(window.Deployment, window.ModelVersion, window.WindowStart) { Length = window.Length };
            if (await _partials.CompactWindowAsync(window, rows => Compact(id, rows), cancellationToken).ConfigureAwait(false))
            {
                compacted++;
            }
        }

        return compacted;
    }

    private static ProfilePartialWrite? Compact(WindowId id, IReadOnlyList<StoredProfilePartial> rows)
    {
        var merged = PartialBlobs.Merge(id, rows.Select(r => (r.Key.Replica, r.Blob)));
        return merged.Problems.Count > 0 || merged.Profile is null ? null : new ProfilePartialWrite(merged.Profile.ToBytes(), rows.Sum(r => r.RowCount));
    }
}
