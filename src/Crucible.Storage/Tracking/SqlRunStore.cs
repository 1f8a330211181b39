using System.Data.Common;
using System.Globalization;
using Crucible.Core.Errors;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Tracking;

/// <summary>Runs on SQLite or PostgreSQL; logging and search live in the partial files beside this one.</summary>
internal sealed partial class SqlRunStore(IDbExecutor db, TimeProvider time, RunNameGenerator names) : IRunStore
{
    public const string RunNameTag = "mlflow.runName";

    private SqlStatements Sql => db.Dialect.Statements;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<Run> CreateRunAsync(CreateRunRequest request, CancellationToken cancellationToken)
    {
        var experimentId = TrackingRows.ExperimentId(request.ExperimentId);
        var runId = Guid.NewGuid().ToString("N");
        var runName = !string.IsNullOrEmpty(request.RunName)
            ? request.RunName
            : request.Tags.LastOrDefault(t => t.Key == RunNameTag)?.Value is { Length: > 0 } tagged ? tagged : names.Next();
        var tags = request.Tags.Where(t => t.Key != RunNameTag).Append(new Tag(RunNameTag, runName)).ToList();
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var experiment = await c.QueryAsync(t, Sql["GetExperiment"], r => (Location: r.GetString(2), Stage: r.GetString(3)), ct, ("@id", experimentId)).ConfigureAwait(false);
                if (experiment.Count == 0)
                {
                    throw CrucibleException.NotFound($"No Experiment with id={request.ExperimentId} exists");
                }

                if (experiment[0].Stage != "active")
                {
                    throw CrucibleException.Invalid($"The experiment {request.ExperimentId} must be in the 'active' state. Current state is deleted.");
                }

                var artifactUri = experiment[0].Location.TrimEnd('/') + "/" + runId + "/artifacts";
                await c.ExecuteAsync(
                    t, Sql["InsertRun"], ct,
                    ("@run_uuid", runId), ("@experiment_id", experimentId), ("@name", runName), ("@user_id", request.UserId ?? string.Empty),
                    ("@start_time", request.StartTime ?? Now), ("@artifact_uri", artifactUri)).ConfigureAwait(false);
                foreach (var tag in tags)
                {
                    await c.ExecuteAsync(t, Sql["UpsertTag"], ct, ("@run_uuid", runId), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
                }

                return await RunLoader.LoadAsync(c, t, Sql, runId, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        db.ReadAsync((c, t, ct) => RunLoader.LoadAsync(c, t, Sql, runId, ct), cancellationToken);

    public Task<RunInfo> UpdateRunAsync(string runId, RunUpdate update, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                await RequireActiveAsync(c, t, runId, ct).ConfigureAwait(false);
                await c.ExecuteAsync(
                    t, Sql["UpdateRun"], ct,
                    ("@run_uuid", runId), ("@status", update.Status is { } s ? TrackingRows.Status(s) : null), ("@end_time", update.EndTime),
                    ("@name", string.IsNullOrEmpty(update.RunName) ? null : update.RunName)).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(update.RunName))
                {
                    await c.ExecuteAsync(t, Sql["UpsertTag"], ct, ("@run_uuid", runId), ("@key", RunNameTag), ("@value", update.RunName)).ConfigureAwait(false);
                }

                return await RunLoader.LoadInfoAsync(c, t, Sql, runId, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                await RunLoader.LoadInfoAsync(c, t, Sql, runId, ct).ConfigureAwait(false);
                long? deletedTime = stage == LifecycleStage.Deleted ? Now : null;
                return await c.ExecuteAsync(t, Sql["SetRunLifecycle"], ct, ("@run_uuid", runId), ("@stage", TrackingRows.Stage(stage)), ("@deleted_time", deletedTime)).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>Fails unless the run exists and is active; returns its experiment id.</summary>
    private async Task<long> RequireActiveAsync(DbConnection c, DbTransaction? t, string runId, CancellationToken ct)
    {
        var info = await RunLoader.LoadInfoAsync(c, t, Sql, runId, ct).ConfigureAwait(false);
        if (info.LifecycleStage != LifecycleStage.Active)
        {
            throw CrucibleException.Invalid($"The run {runId} must be in the 'active' state. Current state is deleted.");
        }

        return long.Parse(info.ExperimentId, CultureInfo.InvariantCulture);
    }
}
