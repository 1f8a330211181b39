using System.Collections.Concurrent;
using Crucible.Core.Errors;
using Crucible.Core.Pipelines;
using Crucible.Pipelines.Specs;
using Microsoft.Extensions.Logging;

namespace Crucible.Pipelines.Running;

/// <summary>
/// Starts pipeline runs in the server process: records the run, then runs it in the background so the caller (the
/// API, the scheduler, a retraining signal) gets the queued run at once. At start-up, runs a previous process left
/// unfinished are marked failed; at shutdown, running runs are cancelled (their changes rolled back) and awaited.
/// </summary>
public sealed partial class PipelineService(IPipelineStore store, PipelineRunner runner, TimeProvider time, ILogger<PipelineService> logger) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, (string Pipeline, Task Task)> _running = new(StringComparer.Ordinal);

    /// <summary>Parses a pipeline file; problems become one <c>InvalidParameterValue</c> listing each with its line and column.</summary>
    public static PipelineSpec Parse(string yaml)
    {
        try
        {
            return PipelineSpecParser.Parse(yaml);
        }
        catch (PipelineSpecException e)
        {
            throw CrucibleException.Invalid(e.Message);
        }
    }

    /// <summary>Saves the pipeline in <paramref name="workspace"/> (creating it there, or replacing its YAML when it is there already).</summary>
    public async Task<(PipelineDefinition Definition, PipelineSpec Spec)> SaveAsync(string yaml, string workspace, CancellationToken cancellationToken)
    {
        var spec = Parse(yaml);
        return (await store.SavePipelineAsync(spec.Name, yaml, workspace, cancellationToken).ConfigureAwait(false), spec);
    }

    /// <summary>True while a run of the pipeline started by this process is queued or running.</summary>
    public bool IsActive(string pipeline) => _running.Values.Any(r => r.Pipeline == pipeline);

    /// <summary>Records a run and starts it in the background; returns the queued run.</summary>
    public async Task<PipelineRun> StartAsync(string name, string trigger, IReadOnlyDictionary<string, string>? overrides, CancellationToken cancellationToken)
    {
        var definition = await store.GetPipelineAsync(name, cancellationToken).ConfigureAwait(false);
        var spec = Parse(definition.Yaml) with { Workspace = definition.Workspace };
        var run = await runner.CreateRunAsync(spec, trigger, overrides, cancellationToken).ConfigureAwait(false);
        LogStarted(logger, name, run.Id, trigger);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            await started.Task.ConfigureAwait(false);
            try
            {
                var done = await runner.ExecuteAsync(spec, run, _stopping.Token).ConfigureAwait(false);
                LogFinished(logger, name, run.Id, done.Status, done.Error);
            }
            catch (Exception e)
            {
                // Recording itself failed (the database is gone): nothing left to record it in.
                LogCrashed(logger, name, run.Id, e);
            }
            finally
            {
                _running.TryRemove(run.Id, out _);
            }
        },
        CancellationToken.None);
        _running[run.Id] = (name, task);
        started.SetResult();
        return run;
    }

    /// <summary>Waits for a run this process started (returns at once for any other).</summary>
    public Task WaitAsync(string runId) => _running.TryGetValue(runId, out var running) ? running.Task : Task.CompletedTask;

    /// <summary>At start-up: marks failed the runs a previous process left unfinished.</summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var failed = await store.FailUnfinishedRunsAsync("the server stopped while this run was in progress", time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (failed > 0)
        {
            LogInterrupted(logger, failed);
        }
    }

    /// <summary>At shutdown: cancels the running runs (their changes rolled back) and waits for them.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Values.Select(r => r.Task)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information, Message = "Pipeline {Pipeline} run {RunId} started by {Trigger}")]
    private static partial void LogStarted(ILogger logger, string pipeline, string runId, string trigger);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Information, Message = "Pipeline {Pipeline} run {RunId} {Status} {Error}")]
    private static partial void LogFinished(ILogger logger, string pipeline, string runId, string status, string? error);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Error, Message = "Pipeline {Pipeline} run {RunId} could not be recorded")]
    private static partial void LogCrashed(ILogger logger, string pipeline, string runId, Exception exception);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Warning, Message = "{Count} pipeline run(s) left unfinished by a previous process were marked failed")]
    private static partial void LogInterrupted(ILogger logger, int count);
}
