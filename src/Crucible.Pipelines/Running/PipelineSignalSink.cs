using Crucible.Core.Monitoring;
using Crucible.Core.Pipelines;
using Microsoft.Extensions.Logging;

namespace Crucible.Pipelines.Running;

/// <summary>
/// Starts every pipeline whose trigger is <c>on_retraining_signal: {deployment: X}</c> for a signal of deployment X,
/// unless a run of it is already going (on any replica); once per signal and pipeline across replicas (the run carries
/// the key <c>signal:ID:PIPELINE</c>). Never throws: a pipeline that cannot start is logged.
/// </summary>
public sealed partial class PipelineSignalSink(IPipelineStore store, PipelineService service, ILogger<PipelineSignalSink> logger) : IRetrainingSignalSink
{
    public const string TriggerPrefix = "retraining_signal:";

    public async Task OnSignalAsync(RetrainingSignal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        IReadOnlyList<PipelineDefinition> pipelines;
        try
        {
            pipelines = await store.ListPipelinesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, "*", signal.Id, e);
            return;
        }

        foreach (var pipeline in pipelines)
        {
            try
            {
                if (PipelineService.Parse(pipeline.Yaml).Triggers.SignalDeployment == signal.Deployment
                    && !await service.IsActiveAsync(pipeline.Name, cancellationToken).ConfigureAwait(false))
                {
                    await service.TryStartOnceAsync(pipeline.Name, TriggerPrefix + signal.Id, $"signal:{signal.Id}:{pipeline.Name}", cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, pipeline.Name, signal.Id, e);
            }
        }
    }

    [LoggerMessage(EventId = 4230, Level = LogLevel.Error, Message = "Pipeline {Pipeline} could not start on retraining signal {SignalId}")]
    private static partial void LogFailed(ILogger logger, string pipeline, string signalId, Exception exception);
}
