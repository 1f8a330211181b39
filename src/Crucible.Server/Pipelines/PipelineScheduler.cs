using Crucible.Pipelines.Running;
using Crucible.Server.Hosting;

namespace Crucible.Server.Pipelines;

/// <summary>Runs <see cref="PipelineSchedule.StartDueAsync"/> on a <see cref="PeriodicTimer"/> of the injected <see cref="TimeProvider"/>, starting at once.</summary>
internal sealed partial class PipelineScheduler(PipelineSchedule schedule, TimeProvider time, TimeSpan interval, ILogger<PipelineScheduler> logger)
    : PeriodicBackgroundService(time, interval, tickAtStart: true)
{
    protected override Task TickAsync(CancellationToken cancellationToken) => schedule.StartDueAsync(cancellationToken);

    protected override void OnTickFailed(Exception error) => LogFailed(logger, "*", error);

    [LoggerMessage(EventId = 4221, Level = LogLevel.Error, Message = "Scheduled run of pipeline {Pipeline} could not start")]
    private static partial void LogFailed(ILogger logger, string pipeline, Exception exception);
}
