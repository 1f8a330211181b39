using System.Data.Common;
using Crucible.Core.Errors;
using Crucible.Core.Pipelines;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Pipelines;

/// <summary>Pipelines and their runs on SQLite or PostgreSQL; a run and its pending steps are inserted in one transaction.</summary>
internal sealed class SqlPipelineStore(IDbExecutor db, TimeProvider time) : IPipelineStore
{
    /// <summary>The most runs one list call returns.</summary>
    public const int MaxRuns = 1_000;

    private SqlStatements Sql => db.Dialect.Statements;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<PipelineDefinition> SavePipelineAsync(string name, string yaml, string workspace, CancellationToken cancellationToken)
    {
        Guard.Required(name, "name");
        Guard.Required(yaml, "yaml");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["UpsertPipeline"], ReadPipeline, ct, ("@name", name), ("@yaml", yaml), ("@now", Now), ("@workspace", workspace)).ConfigureAwait(false);
                return rows.Count == 1
                    ? rows[0]
                    : throw CrucibleException.AlreadyExists($"A pipeline named '{name}' already exists in another workspace; pipeline names are unique across workspaces.");
            },
            cancellationToken);
    }

    public Task<PipelineDefinition> GetPipelineAsync(string name, CancellationToken cancellationToken)
    {
        Guard.Required(name, "name");
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["GetPipeline"], ReadPipeline, ct, ("@name", name)).ConfigureAwait(false);
                return rows.Count == 1 ? rows[0] : throw CrucibleException.NotFound($"Pipeline '{name}' does not exist.");
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<PipelineDefinition>> ListPipelinesAsync(CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<PipelineDefinition>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["ListPipelines"], ReadPipeline, ct).ConfigureAwait(false),
            cancellationToken);

    public async Task<PipelineRun> CreateRunAsync(NewPipelineRun run, CancellationToken cancellationToken) =>
        await TryCreateRunAsync(run, cancellationToken).ConfigureAwait(false)
        ?? throw CrucibleException.AlreadyExists($"A run of pipeline '{run.Pipeline}' for '{run.DedupeKey}' exists already.");

    public Task<PipelineRun?> TryCreateRunAsync(NewPipelineRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        return db.WriteAsync<PipelineRun?>(
            async (c, t, ct) =>
            {
                var inserted = await c.QueryAsync(
                    t, Sql["InsertPipelineRun"], r => r.GetString(0), ct,
                    ("@run_id", id), ("@pipeline", run.Pipeline), ("@trigger", run.Trigger), ("@params", run.ParamsJson), ("@now", Now), ("@dedupe_key", run.DedupeKey)).ConfigureAwait(false);
                if (inserted.Count == 0)
                {
                    return null;
                }

                for (var i = 0; i < run.Steps.Count; i++)
                {
                    await c.ExecuteAsync(
                        t, Sql["InsertPipelineStep"], ct,
                        ("@run_id", id), ("@step_id", run.Steps[i].StepId), ("@position", (long)i), ("@step_type", run.Steps[i].Type)).ConfigureAwait(false);
                }

                return await LoadRunAsync(c, t, id, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<int> CountUnfinishedRunsAsync(string pipeline, CancellationToken cancellationToken)
    {
        Guard.Required(pipeline, "pipeline");
        return db.ReadAsync(
            async (c, t, ct) => (int)Convert.ToInt64(await c.ScalarAsync(t, Sql["CountUnfinishedPipelineRuns"], ct, ("@pipeline", pipeline)).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken);
    }

    public Task<IReadOnlyList<string>> FailAbandonedRunsAsync(string error, long nowMs, long createdBeforeMs, CancellationToken cancellationToken) =>
        db.WriteAsync<IReadOnlyList<string>>(
            async (c, t, ct) => await c.QueryAsync(
                t, Sql["FailAbandonedPipelineRuns"], r => r.GetString(0), ct, ("@error", error), ("@now", nowMs), ("@created_before", createdBeforeMs)).ConfigureAwait(false),
            cancellationToken);

    public Task UpdateRunAsync(string runId, string status, long? startTimeMs, long? endTimeMs, string? error, CancellationToken cancellationToken)
    {
        Guard.Required(runId, "run_id");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var updated = await c.ExecuteAsync(
                    t, Sql["UpdatePipelineRun"], ct,
                    ("@run_id", runId), ("@status", status), ("@start_time", startTimeMs), ("@end_time", endTimeMs), ("@error", error)).ConfigureAwait(false);
                return updated == 1 ? updated : throw RunNotFound(runId);
            },
            cancellationToken);
    }

    public Task UpdateStepAsync(string runId, PipelineStepRun step, CancellationToken cancellationToken)
    {
        Guard.Required(runId, "run_id");
        ArgumentNullException.ThrowIfNull(step);
        var log = step.Log.Length > IPipelineStore.MaxLogChars ? step.Log[^IPipelineStore.MaxLogChars..] : step.Log;
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var updated = await c.ExecuteAsync(
                    t, Sql["UpdatePipelineStep"], ct,
                    ("@run_id", runId), ("@step_id", step.StepId), ("@status", step.Status), ("@start_time", step.StartTimeMs), ("@end_time", step.EndTimeMs),
                    ("@log", log), ("@outputs", step.OutputsJson)).ConfigureAwait(false);
                return updated == 1 ? updated : throw CrucibleException.NotFound($"Pipeline run '{runId}' has no step '{step.StepId}'.");
            },
            cancellationToken);
    }

    public Task<PipelineRun> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        Guard.Required(runId, "run_id");
        return db.ReadAsync((c, t, ct) => LoadRunAsync(c, t, runId, ct), cancellationToken);
    }

    public Task<IReadOnlyList<PipelineRun>> ListRunsAsync(string pipeline, int maxResults, CancellationToken cancellationToken)
    {
        Guard.Required(pipeline, "pipeline");
        var limit = Guard.PageSize(maxResults, 100, MaxRuns);
        return db.ReadAsync<IReadOnlyList<PipelineRun>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["ListPipelineRuns"], r => ReadRun(r, []), ct, ("@pipeline", pipeline), ("@limit", (long)limit)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<int> FailUnfinishedRunsAsync(string error, long nowMs, CancellationToken cancellationToken) =>
        db.WriteAsync((c, t, ct) => c.ExecuteAsync(t, Sql["FailUnfinishedPipelineRuns"], ct, ("@error", error), ("@now", nowMs)), cancellationToken);

    private async Task<PipelineRun> LoadRunAsync(DbConnection c, DbTransaction? t, string runId, CancellationToken ct)
    {
        var steps = await c.QueryAsync(t, Sql["GetPipelineSteps"], ReadStep, ct, ("@run_id", runId)).ConfigureAwait(false);
        var runs = await c.QueryAsync(t, Sql["GetPipelineRun"], r => ReadRun(r, steps), ct, ("@run_id", runId)).ConfigureAwait(false);
        return runs.Count == 1 ? runs[0] : throw RunNotFound(runId);
    }

    private static CrucibleException RunNotFound(string runId) => CrucibleException.NotFound($"Pipeline run '{runId}' does not exist.");

    private static PipelineDefinition ReadPipeline(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.Int64(2), r.Int64(3)) { Workspace = r.GetString(4) };

    private static PipelineRun ReadRun(DbDataReader r, IReadOnlyList<PipelineStepRun> steps) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Int64(5), r.NullableInt64(6), r.NullableInt64(7), r.NullableString(8), steps);

    private static PipelineStepRun ReadStep(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.NullableInt64(3), r.NullableInt64(4), r.GetString(5), r.GetString(6));
}
