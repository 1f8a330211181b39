using Crucible.Monitoring.Running;
using Crucible.Server.Hosting;

namespace Crucible.Server.Monitoring;

/// <summary>
/// Runs <see cref="MonitorScheduler.EvaluateDueAsync"/> on a <see cref="PeriodicTimer"/> of the injected
/// <see cref="TimeProvider"/>: the hosting side of the monitor loop. A tick that fails is logged; the loop never stops.
/// </summary>
internal sealed partial class MonitorLoop(MonitorScheduler scheduler, TimeProvider time, TimeSpan interval, ILogger<MonitorLoop> logger)
    : PeriodicBackgroundService(time, interval)
{
    protected override Task TickAsync(CancellationToken cancellationToken) => scheduler.EvaluateDueAsync(cancellationToken);

    protected override void OnTickFailed(Exception error) => LogTickFailed(logger, error);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Error, Message = "Monitor loop tick failed")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
