using Crucible.Core.Errors;
using Crucible.Core.Pipelines;
using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Running;

/// <summary>
/// Runs a pipeline: steps in dependency order, each with its <c>${...}</c> references replaced by the run's
/// parameters and earlier steps' outputs, every state change recorded in the <see cref="IPipelineStore"/>. The first
/// failing step stops the run: the steps after it are skipped, and the changes earlier steps registered with
/// <see cref="StepContext.OnRollback"/> are undone newest first, so a failed run leaves deployments and aliases as
/// they were.
/// </summary>
public sealed class PipelineRunner(IPipelineStore store, IEnumerable<IPipelineStep> steps, TimeProvider time, string workRoot)
{
    private readonly Dictionary<string, IPipelineStep> _steps = steps.ToDictionary(s => s.Type, StringComparer.Ordinal);

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// The run's parameters: the declared defaults with <paramref name="overrides"/> on top; an override of an
    /// undeclared parameter is <c>InvalidParameterValue</c> naming it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Parameters(PipelineSpec spec, IReadOnlyDictionary<string, string>? overrides)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var values = new Dictionary<string, string>(spec.Params, StringComparer.Ordinal);
        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            if (!values.ContainsKey(name))
            {
                throw CrucibleException.Invalid(
                    $"Pipeline '{spec.Name}' has no parameter '{name}'; declared: {(values.Count == 0 ? "none" : string.Join(", ", values.Keys.Order(StringComparer.Ordinal)))}.");
            }

            values[name] = value;
        }

        return values;
    }

    /// <summary>
    /// Records a queued run of <paramref name="spec"/> with its steps pending; null when <paramref name="dedupeKey"/>
    /// is given and a run with that key exists.
    /// </summary>
    public Task<PipelineRun?> CreateRunAsync(
        PipelineSpec spec, string trigger, IReadOnlyDictionary<string, string>? overrides, string? dedupeKey, CancellationToken cancellationToken)
    {
        var parameters = Parameters(spec, overrides);
        return store.TryCreateRunAsync(new NewPipelineRun(spec.Name, trigger, PipelineJson.Write(parameters), [.. spec.Steps.Select(s => (s.Id, s.Type))], dedupeKey), cancellationToken);
    }

    /// <summary>Runs a recorded run to its end and returns it as recorded. Never throws for a failing step.</summary>
    public async Task<PipelineRun> ExecuteAsync(PipelineSpec spec, PipelineRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(run);
        var start = Now;
        await store.UpdateRunAsync(run.Id, PipelineStatus.Running, start, null, null, CancellationToken.None).ConfigureAwait(false);
        var parameters = PipelineJson.Read(run.ParamsJson);
        var outputs = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var records = new Dictionary<string, PipelineStepRun>(StringComparer.Ordinal);
        var logs = new Dictionary<string, StepLog>(StringComparer.Ordinal);
        var rollbacks = new List<(string StepId, string Description, Func<CancellationToken, Task> Undo)>();
        var folder = Path.Combine(workRoot, run.Id);
        string? error = null;
        try
        {
            foreach (var step in spec.Steps)
            {
                if (error is not null)
                {
                    await SaveAsync(run.Id, new PipelineStepRun(step.Id, step.Type, PipelineStatus.Skipped, null, null, string.Empty, "{}")).ConfigureAwait(false);
                    continue;
                }

                var log = logs[step.Id] = new StepLog();
                var record = records[step.Id] = new PipelineStepRun(step.Id, step.Type, PipelineStatus.Running, Now, null, string.Empty, "{}");
                await SaveAsync(run.Id, record).ConfigureAwait(false);
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var settings = new StepSettings((SpecMap)References.Substitute(step.Settings.Map, r => Resolve(r, spec, run.Id, parameters, outputs)));
                    var implementation = _steps.GetValueOrDefault(step.Type) ?? throw new PipelineStepException($"this server cannot run {step.Type} steps");
                    var directory = Directory.CreateDirectory(Path.Combine(folder, step.Id)).FullName;
                    var context = new StepContext(spec, step, settings, run.Id, parameters, outputs, directory, log, rollbacks);
                    var produced = await implementation.RunAsync(context, cancellationToken).ConfigureAwait(false);
                    outputs[step.Id] = produced;
                    record = records[step.Id] = record with { Status = PipelineStatus.Succeeded, EndTimeMs = Now, Log = log.ToString(), OutputsJson = PipelineJson.Write(produced) };
                }
                catch (Exception e) when (e is not OperationCanceledException || cancellationToken.IsCancellationRequested)
                {
                    var message = e switch
                    {
                        OperationCanceledException => "cancelled (the server is stopping)",
                        PipelineStepException or CrucibleException => e.Message,
                        _ => $"{e.GetType().Name}: {e.Message}",
                    };
                    log.Line("error: " + message);
                    error = $"step '{step.Id}' ({step.Type}) failed: {message}";
                    record = records[step.Id] = record with { Status = PipelineStatus.Failed, EndTimeMs = Now, Log = log.ToString() };
                }

                await SaveAsync(run.Id, record).ConfigureAwait(false);
            }

            if (error is not null)
            {
                error += await RollBackAsync(run.Id, rollbacks, records, logs).ConfigureAwait(false);
            }
        }
        finally
        {
            TryDelete(folder);
        }

        await store.UpdateRunAsync(run.Id, error is null ? PipelineStatus.Succeeded : PipelineStatus.Failed, start, Now, error, CancellationToken.None).ConfigureAwait(false);
        return await store.GetRunAsync(run.Id, CancellationToken.None).ConfigureAwait(false);
    }

    private Task SaveAsync(string runId, PipelineStepRun record) => store.UpdateStepAsync(runId, record, CancellationToken.None);

    /// <summary>Undoes newest first; an undo that fails is reported in the run's error and the rest still run.</summary>
    private async Task<string> RollBackAsync(
        string runId, List<(string StepId, string Description, Func<CancellationToken, Task> Undo)> rollbacks, Dictionary<string, PipelineStepRun> records, Dictionary<string, StepLog> logs)
    {
        var failures = new List<string>();
        var touched = new List<string>();
        for (var i = rollbacks.Count - 1; i >= 0; i--)
        {
            var (stepId, description, undo) = rollbacks[i];
            try
            {
                // Not the run's token: a cancelled run must still leave everything as it was.
                await undo(CancellationToken.None).ConfigureAwait(false);
                logs[stepId].Line("rolled back: " + description);
            }
            catch (Exception e)
            {
                logs[stepId].Line($"rollback failed: {description}: {e.Message}");
                failures.Add($"{stepId}: {description}: {e.Message}");
            }

            if (!touched.Contains(stepId))
            {
                touched.Add(stepId);
            }
        }

        foreach (var stepId in touched)
        {
            var status = failures.Any(f => f.StartsWith(stepId + ":", StringComparison.Ordinal)) ? records[stepId].Status : PipelineStatus.Compensated;
            await SaveAsync(runId, records[stepId] with { Status = status, Log = logs[stepId].ToString() }).ConfigureAwait(false);
        }

        return failures.Count == 0 ? string.Empty : "; rollback failed for " + string.Join("; ", failures);
    }

    private static string Resolve(
        References.Reference reference, PipelineSpec spec, string runId, IReadOnlyDictionary<string, string> parameters, Dictionary<string, IReadOnlyDictionary<string, string>> outputs)
    {
        switch (reference.Kind)
        {
            case "params":
                return parameters.TryGetValue(reference.Name, out var value) ? value : throw new PipelineStepException($"unknown parameter in '{reference.Text}'");
            case "run":
                return runId;
            case "pipeline":
                return spec.Name;
            default:
                var produced = outputs.GetValueOrDefault(reference.Name) ?? throw new PipelineStepException($"'{reference.Text}': step '{reference.Name}' has not run");
                var key = reference.Key!["outputs.".Length..];
                return produced.TryGetValue(key, out var output)
                    ? output
                    : throw new PipelineStepException(
                        $"'{reference.Text}': step '{reference.Name}' has no output '{key}'; it has {(produced.Count == 0 ? "none" : string.Join(", ", produced.Keys.Order(StringComparer.Ordinal)))}");
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover work folder is harmless; it is under the pipelines' work root.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
