using Crucible.Core.Errors;
using Crucible.Core.Pipelines;
using Crucible.Monitoring.Running;
using Microsoft.Extensions.Logging;

namespace Crucible.Pipelines.Running;

/// <summary>
/// Starts pipelines with a <c>schedule: {every: ...}</c> trigger: once each time the clock enters a new period (periods
/// are aligned to the Unix epoch, so <c>1h</c> runs on the hour), once across all replicas sharing the database: the
/// run of a period carries the key <c>schedule:PIPELINE:PERIOD</c>, which the store keeps unique. A pipeline created in
/// a period waits for the next one; a pipeline whose previous run is still going (on any replica) skips the period; a
/// period in which no replica was up is not made up for later, but the current one is run by the first replica up.
/// The host calls <see cref="StartDueAsync"/> on a timer.
/// </summary>
public sealed partial class PipelineSchedule(IPipelineStore store, PipelineService service, TimeProvider time, ILogger<PipelineSchedule> logger)
{
    /// <summary>Starts the pipelines due in the current period that no replica started yet; returns the runs this call started.</summary>
    public async Task<IReadOnlyList<PipelineRun>> StartDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var started = new List<PipelineRun>();
        foreach (var pipeline in await store.ListPipelinesAsync(cancellationToken).ConfigureAwait(false))
        {
            TimeSpan every;
            try
            {
                if (PipelineService.Parse(pipeline.Yaml).Triggers.Every is not { } e)
                {
                    continue;
                }

                every = e;
            }
            catch (CrucibleException)
            {
                continue;
            }

            var length = (long)every.TotalMilliseconds;
            var period = MonitorScheduler.Floor(now, length);
            try
            {
                if (period <= MonitorScheduler.Floor(pipeline.CreationTimeMs, length) || await service.IsActiveAsync(pipeline.Name, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                var key = FormattableString.Invariant($"schedule:{pipeline.Name}:{period}");
                if (await service.TryStartOnceAsync(pipeline.Name, "schedule", key, cancellationToken).ConfigureAwait(false) is { } run)
                {
                    started.Add(run);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, pipeline.Name, e);
            }
        }

        return started;
    }

    [LoggerMessage(EventId = 4220, Level = LogLevel.Error, Message = "Scheduled run of pipeline {Pipeline} could not start")]
    private static partial void LogFailed(ILogger logger, string pipeline, Exception exception);
}
