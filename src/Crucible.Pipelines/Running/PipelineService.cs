using System.Collections.Concurrent;
using Crucible.Core.Coordination;
using Crucible.Core.Errors;
using Crucible.Core.Pipelines;
using Crucible.Pipelines.Specs;
using Microsoft.Extensions.Logging;

namespace Crucible.Pipelines.Running;

/// <summary>How pipeline runs are leased among replicas that share one metadata database.</summary>
/// <param name="Lease">A run's lease: renewed every third of it while the run goes on; a run whose lease ran out is failed by any replica.</param>
/// <param name="SingleProcess">True on SQLite, which one process holds: at start-up every unfinished run is the previous process's.</param>
public sealed record PipelineLeases(TimeSpan Lease, bool SingleProcess)
{
    /// <summary>The claim key of a run in progress.</summary>
    public static string RunKey(string runId) => "pipeline-run:" + runId;
}

/// <summary>
/// Starts pipeline runs in the server process: records the run, then runs it in the background so the caller (the
/// API, the scheduler, a retraining signal) gets the queued run at once. Each run holds a lease (a work claim)
/// renewed while it runs; a run whose lease ran out (its replica died) is failed by whichever replica sweeps next,
/// with the reason. A run that loses its lease is cancelled and rolled back. At shutdown, running runs are
/// cancelled (their changes rolled back) and awaited.
/// </summary>
public sealed partial class PipelineService(
    IPipelineStore store, PipelineRunner runner, IWorkClaims claims, PipelineLeases leases, TimeProvider time, ILogger<PipelineService> logger) : IDisposable
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

    /// <summary>True while a run of the pipeline is queued or running on any replica.</summary>
    public async Task<bool> IsActiveAsync(string pipeline, CancellationToken cancellationToken) =>
        _running.Values.Any(r => r.Pipeline == pipeline) || await store.CountUnfinishedRunsAsync(pipeline, cancellationToken).ConfigureAwait(false) > 0;

    /// <summary>Records a run and starts it in the background; returns the queued run.</summary>
    public async Task<PipelineRun> StartAsync(string name, string trigger, IReadOnlyDictionary<string, string>? overrides, CancellationToken cancellationToken) =>
        (await StartAsync(name, trigger, overrides, null, cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// Starts a run that must happen once across replicas (a schedule period, a retraining signal): returns null when a
    /// run with <paramref name="dedupeKey"/> was started already, by this replica or another.
    /// </summary>
    public Task<PipelineRun?> TryStartOnceAsync(string name, string trigger, string dedupeKey, CancellationToken cancellationToken) =>
        StartAsync(name, trigger, null, dedupeKey, cancellationToken);

    private async Task<PipelineRun?> StartAsync(string name, string trigger, IReadOnlyDictionary<string, string>? overrides, string? dedupeKey, CancellationToken cancellationToken)
    {
        var definition = await store.GetPipelineAsync(name, cancellationToken).ConfigureAwait(false);
        var spec = Parse(definition.Yaml) with { Workspace = definition.Workspace };
        var run = await runner.CreateRunAsync(spec, trigger, overrides, dedupeKey, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return null;
        }

        var key = PipelineLeases.RunKey(run.Id);
        await claims.TryClaimAsync(key, leases.Lease, cancellationToken).ConfigureAwait(false);
        LogStarted(logger, name, run.Id, trigger);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            await started.Task.ConfigureAwait(false);
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            using var renewing = new CancellationTokenSource();
            var renewal = ClaimedWork.RenewAsync(claims, key, leases.Lease, time, renewing.Token, () => LostLease(cancel, name, run.Id));
            try
            {
                var done = await runner.ExecuteAsync(spec, run, cancel.Token).ConfigureAwait(false);
                await renewing.CancelAsync().ConfigureAwait(false);
                await renewal.ConfigureAwait(false);
                await claims.CompleteAsync(key, CancellationToken.None).ConfigureAwait(false);
                LogFinished(logger, name, run.Id, done.Status, done.Error);
            }
            catch (Exception e)
            {
                // Recording itself failed (the database is gone): nothing left to record it in.
                LogCrashed(logger, name, run.Id, e);
            }
            finally
            {
                await renewing.CancelAsync().ConfigureAwait(false);
                await renewal.ConfigureAwait(false);
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

    /// <summary>
    /// At start-up on a single-process store (SQLite): marks failed every run a previous process left unfinished. With
    /// replicas (PostgreSQL): marks failed only the runs whose lease ran out, as <see cref="FailAbandonedAsync"/> does.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (!leases.SingleProcess)
        {
            await FailAbandonedAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var failed = await store.FailUnfinishedRunsAsync("the server stopped while this run was in progress", time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
        if (failed > 0)
        {
            LogInterrupted(logger, failed);
        }
    }

    /// <summary>
    /// Marks failed the unfinished runs no replica holds a live lease on (their replica died or lost the database for
    /// a whole lease), saying so in the run's error; returns their ids. Any replica may call it: the update is atomic.
    /// </summary>
    public async Task<IReadOnlyList<string>> FailAbandonedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var failed = await store.FailAbandonedRunsAsync(
            $"the replica running it stopped renewing its {leases.Lease.TotalSeconds:0.#} s lease (it died or lost the database); failed by {claims.Holder}",
            now,
            now - (long)leases.Lease.TotalMilliseconds,
            cancellationToken).ConfigureAwait(false);
        foreach (var runId in failed)
        {
            LogAbandoned(logger, runId);
        }

        return failed;
    }

    private void LostLease(CancellationTokenSource cancel, string pipeline, string runId)
    {
        LogLostLease(logger, pipeline, runId);
        cancel.Cancel();
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

    [LoggerMessage(EventId = 4214, Level = LogLevel.Warning, Message = "Pipeline run {RunId} was abandoned by its replica (its lease ran out) and is marked failed")]
    private static partial void LogAbandoned(ILogger logger, string runId);

    [LoggerMessage(EventId = 4215, Level = LogLevel.Error, Message = "Pipeline {Pipeline} run {RunId} lost its lease (another replica failed it); cancelling and rolling back")]
    private static partial void LogLostLease(ILogger logger, string pipeline, string runId);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Warning, Message = "{Count} pipeline run(s) left unfinished by a previous process were marked failed")]
    private static partial void LogInterrupted(ILogger logger, int count);
}
