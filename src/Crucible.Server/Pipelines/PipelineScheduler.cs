using Crucible.Core.Coordination;
using Crucible.Pipelines.Running;
using Crucible.Server.Hosting;

namespace Crucible.Server.Pipelines;

/// <summary>
/// On a <see cref="PeriodicTimer"/> of the injected <see cref="TimeProvider"/>, starting at once: fails the pipeline runs
/// whose replica died (<see cref="PipelineService.FailAbandonedAsync"/>), starts the scheduled runs that are due
/// (<see cref="PipelineSchedule.StartDueAsync"/>) and forgets work claims completed more than a day ago.
/// </summary>
internal sealed partial class PipelineScheduler(
    PipelineSchedule schedule, PipelineService service, IWorkClaims claims, TimeProvider time, TimeSpan interval, ILogger<PipelineScheduler> logger)
    : PeriodicBackgroundService(time, interval, tickAtStart: true)
{
    /// <summary>How long completed work claims are kept (a day: longer than any window's settle time or a schedule's catch-up).</summary>
    public static readonly TimeSpan KeepDoneClaims = TimeSpan.FromDays(1);

    protected override async Task TickAsync(CancellationToken cancellationToken)
    {
        await service.FailAbandonedAsync(cancellationToken).ConfigureAwait(false);
        await schedule.StartDueAsync(cancellationToken).ConfigureAwait(false);
        await claims.ForgetDoneAsync((Time.GetUtcNow() - KeepDoneClaims).ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
    }

    protected override void OnTickFailed(Exception error) => LogFailed(logger, "*", error);

    [LoggerMessage(EventId = 4221, Level = LogLevel.Error, Message = "Scheduled run of pipeline {Pipeline} could not start")]
    private static partial void LogFailed(ILogger logger, string pipeline, Exception exception);
}
