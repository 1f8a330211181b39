using Crucible.Monitoring.Drift;
using Crucible.Stats.Profiles;

namespace Crucible.Monitoring.Windows;

/// <summary>A window's drift against the reference.</summary>
/// <param name="Window">The window.</param>
/// <param name="Report">Drift report (null when no partial was readable).</param>
/// <param name="Problems">Partials skipped while merging.</param>
public sealed record WindowDriftResult(WindowId Window, DriftReport? Report, IReadOnlyList<string> Problems);

/// <summary>Drift of stored windows against a reference profile; cost grows with windows, not rows.</summary>
public static class WindowDrift
{
    /// <summary>Loads each window of [from, to) merged and compares it with the reference.</summary>
    public static async Task<IReadOnlyList<WindowDriftResult>> ComputeAsync(
        ProfileStore store,
        string deployment,
        string modelVersion,
        DatasetProfile reference,
        DriftOptions? options = null,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(reference);
        var results = new List<WindowDriftResult>();
        foreach (var (id, window) in await LoadAsync(store, deployment, modelVersion, from, to, cancellationToken).ConfigureAwait(false))
        {
            if (window is null)
            {
                continue;
            }

            DriftReport? report = window.Profile is null ? null : ProfileDrift.Compute(reference, window.Profile, options);
            results.Add(new WindowDriftResult(id, report, window.Problems));
        }

        return results;
    }

    /// <summary>
    /// Every stored window of [from, to) with its partials merged (null when none was left), oldest first. Windows are
    /// independent, so they load and merge in parallel.
    /// </summary>
    public static async Task<IReadOnlyList<(WindowId Id, MergedWindow? Window)>> LoadAsync(
        ProfileStore store,
        string deployment,
        string modelVersion,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        IReadOnlyList<WindowId> ids = await store.ListWindowsAsync(deployment, modelVersion, from, to, cancellationToken).ConfigureAwait(false);
        var windows = new (WindowId, MergedWindow?)[ids.Count];
        await Parallel.ForAsync(0, ids.Count, cancellationToken, async (i, token) =>
            windows[i] = (ids[i], await store.LoadWindowAsync(ids[i], token).ConfigureAwait(false))).ConfigureAwait(false);
        return windows;
    }
}
