using Crucible.Core.Errors;
using Crucible.Core.Pipelines;
using Crucible.Monitoring.Running;
using Microsoft.Extensions.Logging;

namespace Crucible.Pipelines.Running;

/// <summary>
/// Starts pipelines with a <c>schedule: {every: ...}</c> trigger: once each time the clock enters a new period (periods
/// are aligned to the Unix epoch, so <c>1h</c> runs on the hour). A pipeline first seen in a period waits for the next
/// one; a pipeline whose previous run is still going skips the period. The host calls <see cref="StartDueAsync"/> on a timer.
/// </summary>
public sealed partial class PipelineSchedule(IPipelineStore store, PipelineService service, TimeProvider time, ILogger<PipelineSchedule> logger)
{
    private readonly Dictionary<string, long> _lastPeriod = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Starts the pipelines whose period changed since the last call; returns the runs started.</summary>
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

            var period = MonitorScheduler.Floor(now, (long)every.TotalMilliseconds);
            bool due;
            lock (_lock)
            {
                due = _lastPeriod.TryGetValue(pipeline.Name, out var last) && period > last;
                _lastPeriod[pipeline.Name] = period;
            }

            if (!due || service.IsActive(pipeline.Name))
            {
                continue;
            }

            try
            {
                started.Add(await service.StartAsync(pipeline.Name, "schedule", null, cancellationToken).ConfigureAwait(false));
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
