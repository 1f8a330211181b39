using Crucible.Core.Tracking;
using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// The tracking side of a train step: a run in the experiment <c>pipelines/&lt;pipeline&gt;</c> (or the step's
/// <c>experiment</c>), tagged with the pipeline and its run, holding the trainer's params and metrics and the
/// dataset it trained on (an input with the MLflow context tag <c>training</c>), so a version registered from it
/// has its lineage.
/// </summary>
public sealed class TrainingRuns(IExperimentStore experiments, IRunStore runs, TimeProvider time)
{
    public const string PipelineTag = "crucible.pipeline";
    public const string PipelineRunTag = "crucible.pipeline_run";

    /// <summary>MLflow's input tag for what a dataset was used for (<c>training</c>, <c>evaluation</c>).</summary>
    public const string ContextTag = "mlflow.data.context";

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Starts a run in <paramref name="experiment"/>, created in the pipeline's workspace when it does not exist.</summary>
    public async Task<string> StartAsync(string experiment, PipelineSpec pipeline, string pipelineRunId, string runName, CancellationToken cancellationToken)
    {
        var found = await experiments.FindExperimentByNameAsync(experiment, cancellationToken).ConfigureAwait(false);
        var experimentId = found?.ExperimentId ?? await experiments.CreateExperimentAsync(experiment, null, [], pipeline.Workspace, cancellationToken).ConfigureAwait(false);
        var run = await runs.CreateRunAsync(
            new CreateRunRequest(experimentId, "crucible-pipelines", runName, Now, [new Tag(PipelineTag, pipeline.Name), new Tag(PipelineRunTag, pipelineRunId)]),
            cancellationToken).ConfigureAwait(false);
        return run.Info.RunId;
    }

    public Task LogAsync(string runId, IReadOnlyDictionary<string, string> parameters, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var now = Now;
        var batch = new LogBatch(
            [.. metrics.Where(m => double.IsFinite(m.Value)).Select(m => new Metric(m.Key, m.Value, now, 0))],
            [.. parameters.Select(p => new Param(p.Key, p.Value.Length > TrackingLimits.MaxParamValueLength ? p.Value[..TrackingLimits.MaxParamValueLength] : p.Value))],
            []);
        return batch.Count == 0 ? Task.CompletedTask : runs.LogBatchAsync(runId, batch, cancellationToken);
    }

    /// <summary>Logs <paramref name="dataset"/> as an input of the run, tagged with what it was used for.</summary>
    public Task LogDatasetAsync(string runId, Dataset dataset, string context, CancellationToken cancellationToken) =>
        runs.LogInputsAsync(runId, [new DatasetInput(dataset, [new Tag(ContextTag, context)])], cancellationToken);

    public Task EndAsync(string runId, bool succeeded) =>
        runs.UpdateRunAsync(runId, new RunUpdate(succeeded ? RunStatus.Finished : RunStatus.Failed, Now, null), CancellationToken.None);
}
