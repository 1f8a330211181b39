using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Windows;
using Crucible.Storage.Serving;
using Crucible.Server.Hosting;

namespace Crucible.Server.Serving;

/// <summary>The server's retention for deployments without their own: 0 turns a bound off.</summary>
internal sealed record RetentionDefaults(long MaxAgeMs, long MaxBytes);

/// <summary>One deployment's compaction: rows older than <paramref name="CutoffMs"/> deleted, windows profiled from the log first.</summary>
internal sealed record CompactionResult(string Deployment, long? CutoffMs, long RowsDeleted, int WindowsProfiled);

/// <summary>
/// Applies prediction-log retention every interval (on the server's <see cref="TimeProvider"/>). Per deployment, with
/// its own bounds or the server's: rows older than max age, and the oldest rows past max bytes (logged bytes, summed
/// from the newest row backwards), are deleted in whole hourly windows, oldest first; the current and the previous
/// hour are never deleted. Before its rows go, every hourly window without a stored profile is profiled from the log
/// and saved as the partial of replica <see cref="Replica"/>, so drift over time still answers from the stored
/// windows; windows that have one (capture saves them) are left as they are. Stored profiles and labels are never
/// deleted. At most <see cref="MaxHoursPerRun"/> hours per deployment per run.
/// </summary>
internal sealed partial class PredictionLogCompactor(
    SqlPredictionRetention retention,
    IPredictionLogStore log,
    ProfileStore profiles,
    TimeProvider time,
    RetentionDefaults defaults,
    TimeSpan interval,
    ILogger<PredictionLogCompactor> logger) : PeriodicBackgroundService(time, interval)
{
    /// <summary>The replica id of the window profiles compaction writes.</summary>
    public const string Replica = "retention";

    /// <summary>Hourly windows one run deletes at most per deployment (the rest waits for the next run).</summary>
    public const int MaxHoursPerRun = 2_000;

    private const long HourMs = 3_600_000;

    /// <summary>Records profiled at once while a window is profiled from the log (bounds memory).</summary>
    private const int ProfileChunk = 1_000;

    /// <summary>The deployment's bounds in effect: its own where set, else the server's.</summary>
    public async Task<(long MaxAgeMs, long MaxBytes, PredictionRetentionSettings? Own)> BoundsAsync(string deployment, CancellationToken cancellationToken)
    {
        var own = await retention.GetAsync(deployment, cancellationToken);
        return (own?.MaxAgeMs ?? defaults.MaxAgeMs, own?.MaxBytes ?? defaults.MaxBytes, own);
    }

    /// <summary>Compacts every deployment with logged predictions; a failing deployment is logged and the rest go on.</summary>
    public async Task<IReadOnlyList<CompactionResult>> RunOnceAsync(CancellationToken cancellationToken)
    {
        var results = new List<CompactionResult>();
        foreach (var deployment in await retention.LoggedDeploymentsAsync(cancellationToken))
        {
            try
            {
                results.Add(await CompactAsync(deployment, cancellationToken));
            }
#pragma warning disable CA1031 // One deployment's failure must not stop the others' retention.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogCompactionFailed(logger, deployment, e);
            }
        }

        return results;
    }

    /// <summary>Applies the deployment's retention now.</summary>
    public async Task<CompactionResult> CompactAsync(string deployment, CancellationToken cancellationToken)
    {
        var (maxAge, maxBytes, _) = await BoundsAsync(deployment, cancellationToken);
        long now = Time.GetUtcNow().ToUnixTimeMilliseconds();
        long? cutoff = null;
        if (maxAge > 0)
        {
            cutoff = Floor(now - Math.Min(maxAge, now));
        }

        if (maxBytes > 0 && await retention.SizeCutoffAsync(deployment, maxBytes, cancellationToken) is { } over)
        {
            cutoff = Math.Max(cutoff ?? long.MinValue, Floor(over) + HourMs);
        }

        var oldest = await retention.OldestAsync(deployment, cancellationToken);
        if (cutoff is null || oldest is null)
        {
            return new CompactionResult(deployment, cutoff, 0, 0);
        }

        long first = Floor(oldest.Value);
        long until = Math.Min(Math.Min(cutoff.Value, Floor(now) - HourMs), first + (MaxHoursPerRun * HourMs));
        if (until <= oldest.Value)
        {
            return new CompactionResult(deployment, cutoff, 0, 0);
        }

        int profiled = await ProfileUnstoredWindowsAsync(deployment, first, until, cancellationToken);
        long deleted = await retention.DeleteBeforeAsync(deployment, until, cancellationToken);
        if (deleted > 0)
        {
            LogCompacted(logger, deployment, deleted, until, profiled);
        }

        return new CompactionResult(deployment, until, deleted, profiled);
    }

    protected override Task TickAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override void OnTickFailed(Exception error) => LogTickFailed(logger, error);

    private static long Floor(long ms) => ms - (((ms % HourMs) + HourMs) % HourMs);

    /// <summary>Profiles each hour in [from, until) that has rows but no stored hourly partial, per model version.</summary>
    private async Task<int> ProfileUnstoredWindowsAsync(string deployment, long from, long until, CancellationToken cancellationToken)
    {
        var stored = (await profiles.LoadRangeAsync(
                deployment, DateTimeOffset.FromUnixTimeMilliseconds(from), DateTimeOffset.FromUnixTimeMilliseconds(until), cancellationToken: cancellationToken))
            .Where(w => w.Merged.Window.Length == WindowKey.DefaultLength)
            .Select(w => w.Merged.Window.WindowStart.ToUnixTimeMilliseconds())
            .ToHashSet();
        int saved = 0;
        for (long start = from; start < until; start += HourMs)
        {
            if (stored.Contains(start))
            {
                continue;
            }

            var windowStart = DateTimeOffset.FromUnixTimeMilliseconds(start);
            var byVersion = new Dictionary<string, (List<PredictionRecord> Pending, DatasetProfile? Profile)>(StringComparer.Ordinal);
            await foreach (var record in PredictionLogReader.ReadAsync(log, deployment, start, start + HourMs, cancellationToken))
            {
                var entry = byVersion.TryGetValue(record.Version, out var found) ? found : ([], null);
                entry.Pending.Add(record);
                if (entry.Pending.Count >= ProfileChunk)
                {
                    entry = ([], Merge(entry.Profile, entry.Pending, windowStart));
                }

                byVersion[record.Version] = entry;
            }

            foreach (var (version, (pending, profile)) in byVersion)
            {
                var merged = pending.Count == 0 ? profile! : Merge(profile, pending, windowStart);
                var key = new WindowKey(deployment, version, windowStart, Replica) { Length = WindowKey.DefaultLength };
                var tags = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["deployment"] = deployment,
                    ["model_version"] = version,
                    ["replica"] = Replica,
                    ["source"] = "retention",
                };
                await profiles.SavePartialAsync(key, new DatasetProfile(merged.Columns, merged.RowCount, windowStart, windowStart + key.Length, tags), cancellationToken);
                saved++;
            }
        }

        return saved;
    }

    private static DatasetProfile Merge(DatasetProfile? profile, List<PredictionRecord> records, DateTimeOffset windowStart)
    {
        var chunk = PredictionProfiles.Build(records, windowStart, windowStart + WindowKey.DefaultLength).Profile;
        return profile is null ? chunk : DatasetProfile.Merge(profile, chunk);
    }

    [LoggerMessage(EventId = 4140, Level = LogLevel.Information, Message = "Prediction log of {Deployment}: {Rows} rows before {CutoffMs} deleted by retention ({Windows} window profiles saved first)")]
    private static partial void LogCompacted(ILogger logger, string deployment, long rows, long cutoffMs, int windows);

    [LoggerMessage(EventId = 4141, Level = LogLevel.Warning, Message = "Prediction-log compaction of {Deployment} failed; retried at the next run")]
    private static partial void LogCompactionFailed(ILogger logger, string deployment, Exception error);

    [LoggerMessage(EventId = 4142, Level = LogLevel.Warning, Message = "A prediction-log compaction run failed; retried at the next run")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
