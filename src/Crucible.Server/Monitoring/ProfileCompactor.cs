using Crucible.Monitoring.Windows;
using Crucible.Server.Hosting;

namespace Crucible.Server.Monitoring;

/// <summary>
/// Compacts closed profile windows every interval (on the server's <see cref="TimeProvider"/>): a window that ended at
/// least <see cref="Grace"/> ago and holds several partials (one per replica, plus uploads and retention's) gets
/// them replaced by their merge, so a drift report over 720 hourly windows reads 720 profiles. Late partials are
/// merged in at a later run. At most <see cref="MaxWindowsPerRun"/> windows per run.
/// </summary>
internal sealed partial class ProfileCompactor(ProfileStore profiles, TimeProvider time, TimeSpan interval, TimeSpan grace, ILogger<ProfileCompactor> logger)
    : PeriodicBackgroundService(time, interval)
{
    /// <summary>Windows one run compacts at most (the rest waits for the next run).</summary>
    public const int MaxWindowsPerRun = 5_000;

    /// <summary>How long after its end a window is left to the replicas' last flushes before it is compacted.</summary>
    public TimeSpan Grace { get; } = grace;

    /// <summary>Compacts the windows closed by now minus <see cref="Grace"/>; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        int compacted = await profiles.CompactClosedWindowsAsync(Time.GetUtcNow() - Grace, MaxWindowsPerRun, cancellationToken);
        if (compacted > 0)
        {
            LogCompacted(logger, compacted);
        }

        return compacted;
    }

    protected override Task TickAsync(CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    protected override void OnTickFailed(Exception error) => LogTickFailed(logger, error);

    [LoggerMessage(EventId = 4160, Level = LogLevel.Information, Message = "Profile compaction merged the partials of {Windows} closed windows")]
    private static partial void LogCompacted(ILogger logger, int windows);

    [LoggerMessage(EventId = 4161, Level = LogLevel.Warning, Message = "Profile compaction failed; retried at the next run")]
    private static partial void LogTickFailed(ILogger logger, Exception error);
}
