using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Reports;
using Crucible.Monitoring.Windows;

namespace Crucible.Server.Monitoring;

/// <summary>
/// The drift report's windows from stored partial profiles: when the deployment has partials of the report's window
/// length on the report's grid, each window is their merge (all model versions and replicas; one database read for
/// the range) and only windows without a stored partial are profiled from the prediction log, named by
/// <c>featureNames</c> as the captured partials are. Null when nothing is stored for the range, so the caller reads the
/// log as before.
/// </summary>
internal static class StoredTimeline
{
    public static async Task<List<TimelineWindow>?> TryBuildAsync(
        ProfileStore profiles, IPredictionLogStore log, string deployment, long startMs, long endMs, long windowMs, FeatureNameSource? featureNames, CancellationToken cancellationToken)
    {
        var stored = (await profiles.LoadRangeAsync(
                deployment, DateTimeOffset.FromUnixTimeMilliseconds(startMs), DateTimeOffset.FromUnixTimeMilliseconds(endMs), cancellationToken: cancellationToken))
            .Where(w => (long)w.Merged.Window.Length.TotalMilliseconds == windowMs && (w.Merged.Window.WindowStart.ToUnixTimeMilliseconds() - startMs) % windowMs == 0)
            .GroupBy(w => w.Merged.Window.WindowStart.ToUnixTimeMilliseconds())
            .ToDictionary(g => g.Key, g => g.ToList());
        if (stored.Count == 0)
        {
            return null;
        }

        var windows = new List<TimelineWindow>();
        for (long s = startMs; s < endMs; s += windowMs)
        {
            var id = new WindowId(deployment, "all", DateTimeOffset.FromUnixTimeMilliseconds(s)) { Length = TimeSpan.FromMilliseconds(windowMs) };
            if (stored.TryGetValue(s, out var versions))
            {
                var readable = versions.Select(v => v.Merged.Profile).OfType<DatasetProfile>().ToList();
                windows.Add(new TimelineWindow(
                    id,
                    readable.Count switch { 0 => null, 1 => readable[0], _ => DatasetProfile.MergeAll(readable) },
                    [.. versions.SelectMany(v => v.Merged.Problems.Select(p => $"model version '{v.Merged.Window.ModelVersion}', {p}"))]));
                continue;
            }

            var fromLog = await PredictionProfiles.BuildAsync(
                log, deployment, id.WindowStart, DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(endMs, s + windowMs)), featureNames: featureNames, cancellationToken: cancellationToken);
            windows.Add(new TimelineWindow(id, fromLog.Profile, fromLog.Problems));
        }

        return windows;
    }

    /// <summary>
    /// The reference [start, end) merged from the stored windows that lie wholly inside it (all lengths, versions and
    /// replicas), for when its predictions were deleted by retention; null when none is stored.
    /// </summary>
    public static async Task<DatasetProfile?> TryReferenceAsync(ProfileStore profiles, string deployment, long startMs, long endMs, CancellationToken cancellationToken)
    {
        var stored = await profiles.LoadRangeAsync(
            deployment, DateTimeOffset.FromUnixTimeMilliseconds(startMs), DateTimeOffset.FromUnixTimeMilliseconds(endMs), cancellationToken: cancellationToken);
        var inside = stored
            .Where(w => w.Merged.Profile is not null && w.Merged.Window.WindowStart.ToUnixTimeMilliseconds() + (long)w.Merged.Window.Length.TotalMilliseconds <= endMs)
            .ToList();
        if (inside.Count == 0)
        {
            return null;
        }

        // Windows of different lengths may cover the same rows: only the most common length is merged.
        var length = inside.GroupBy(w => w.Merged.Window.Length).OrderByDescending(g => g.Count()).First().Key;
        var sameLength = inside.Where(w => w.Merged.Window.Length == length).Select(w => w.Merged.Profile!).ToList();
        return DatasetProfile.MergeAll(sameLength);
    }
}
