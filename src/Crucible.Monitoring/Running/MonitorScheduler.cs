using Crucible.Core.Coordination;
using Crucible.Core.Monitoring;
using Microsoft.Extensions.Logging;

namespace Crucible.Monitoring.Running;

/// <summary>
/// Evaluates every enabled monitor for each window completed since its last evaluated one. A window counts as
/// completed once the clock is <see cref="Settle"/> past its end, so the capture writer has flushed it. A new monitor
/// starts with the window it was created in. A failing monitor is logged and retried on the next call; the host's loop
/// calls <see cref="EvaluateDueAsync"/> on a timer. Replicas sharing the database evaluate each window once between
/// them: a window is evaluated under the work claim <see cref="WindowKey"/>, and a replica that dies mid-window leaves
/// its lease to expire, after which another replica evaluates the window again (alerts and signals are stored once per
/// window, so the re-run adds nothing twice).
/// </summary>
public sealed partial class MonitorScheduler(IMonitorStore monitors, MonitorRunner runner, IWorkClaims claims, TimeSpan lease, TimeProvider time, ILogger<MonitorScheduler> logger)
{
    /// <summary>Time after a window's end before it is evaluated (capture flushes within seconds).</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMinutes(1);

    /// <summary>Windows one monitor catches up on per call, so one long-idle monitor cannot starve the rest.</summary>
    public const int MaxWindowsPerTick = 48;

    /// <summary>Evaluates the due windows of every enabled monitor once; returns the windows evaluated.</summary>
    public async Task<int> EvaluateDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var evaluated = 0;
        foreach (var monitor in await monitors.ListMonitorsAsync(null, cancellationToken).ConfigureAwait(false))
        {
            if (!monitor.Spec.Enabled)
            {
                continue;
            }

            var window = monitor.Spec.WindowMs;
            var start = monitor.LastWindowEndMs ?? Floor(monitor.CreationTimeMs, window);
            for (var i = 0; i < MaxWindowsPerTick && start + window + (long)Settle.TotalMilliseconds <= now; i++, start += window)
            {
                try
                {
                    var (windowStart, windowEnd) = (start, start + window);
                    var ran = await claims.RunAsync(
                        WindowKey(monitor.Id, windowStart),
                        lease,
                        time,
                        async ct =>
                        {
                            await runner.RunAsync(monitor, windowStart, windowEnd, ct).ConfigureAwait(false);
                            await monitors.SetLastWindowEndAsync(monitor.Id, windowEnd, ct).ConfigureAwait(false);
                        },
                        cancellationToken).ConfigureAwait(false);
                    if (!ran)
                    {
                        // Another replica has this window (or did it): it goes on from there.
                        break;
                    }

                    evaluated++;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogFailed(logger, monitor.Id, start, e);
                    break;
                }
            }
        }

        return evaluated;
    }

    /// <summary>The work claim of one monitor window.</summary>
    public static string WindowKey(string monitorId, long windowStartMs) => FormattableString.Invariant($"monitor-window:{monitorId}:{windowStartMs}");

    /// <summary>Start of the window of length <paramref name="windowMs"/> (aligned to the Unix epoch) holding <paramref name="ms"/>.</summary>
    public static long Floor(long ms, long windowMs) => ms - (((ms % windowMs) + windowMs) % windowMs);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Error, Message = "Monitor {MonitorId} failed on the window starting {WindowStartMs}; retried next tick")]
    private static partial void LogFailed(ILogger logger, string monitorId, long windowStartMs, Exception exception);
}
