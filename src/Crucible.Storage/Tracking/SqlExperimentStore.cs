using System.Data.Common;
using System.Globalization;
using Crucible.Core.Errors;
using Crucible.Core.Search;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Tracking;

/// <summary>Experiments on SQLite or PostgreSQL.</summary>
internal sealed class SqlExperimentStore(IDbExecutor db, TimeProvider time, string defaultArtifactRoot) : IExperimentStore
{
    private SqlStatements Sql => db.Dialect.Statements;

    public Task<string> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<Tag> tags, string workspace, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                if (await c.ScalarAsync(t, Sql["GetExperimentByName"], ct, ("@name", name)).ConfigureAwait(false) is not null)
                {
                    throw CrucibleException.AlreadyExists($"Experiment(name={name}) already exists.");
                }

                var id = Convert.ToInt64(await c.ScalarAsync(t, Sql["InsertExperiment"], ct, ("@name", name), ("@now", Now), ("@workspace", workspace)).ConfigureAwait(false), CultureInfo.InvariantCulture);
                var location = string.IsNullOrEmpty(artifactLocation)
                    ? defaultArtifactRoot.TrimEnd('/') + "/" + id.ToString(CultureInfo.InvariantCulture)
                    : artifactLocation;
                await c.ExecuteAsync(t, Sql["SetArtifactLocation"], ct, ("@id", id), ("@location", location)).ConfigureAwait(false);
                foreach (var tag in tags)
                {
                    await c.ExecuteAsync(t, Sql["UpsertExperimentTag"], ct, ("@id", id), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
                }

                return id.ToString(CultureInfo.InvariantCulture);
            },
            cancellationToken);

    public Task<Experiment> GetExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        var id = TrackingRows.ExperimentId(experimentId);
        return db.ReadAsync(
            async (c, t, ct) => await LoadAsync(c, t, Sql["GetExperiment"], ("@id", id), ct).ConfigureAwait(false)
                ?? throw CrucibleException.NotFound($"No Experiment with id={experimentId} exists"),
            cancellationToken);
    }

    public Task<Experiment?> FindExperimentByNameAsync(string name, CancellationToken cancellationToken) =>
        db.ReadAsync((c, t, ct) => LoadAsync(c, t, Sql["GetExperimentByName"], ("@name", name), ct), cancellationToken);

    public Task<Page<Experiment>> SearchExperimentsAsync(ExperimentSearchQuery query, CancellationToken cancellationToken)
    {
        var clauses = SearchFilterParser.Parse(query.Filter, SearchSchema.Experiments);
        var orderBy = SearchFilterParser.ParseOrderBy(query.OrderBy, SearchSchema.Experiments);
        var offset = PageToken.DecodeOffset(query.PageToken);
        var (sql, parameters) = ExperimentSearchSql.Build(db.Dialect, clauses, orderBy, query.ViewType, query.MaxResults + 1, offset);
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var ids = await c.QueryAsync(t, sql, r => r.Int64(0), ct, parameters).ConfigureAwait(false);
                var page = await LoadManyAsync(c, t, ids.Take(query.MaxResults).ToList(), ct).ConfigureAwait(false);
                return new Page<Experiment>(page, PageToken.Next(offset, query.MaxResults, ids.Count));
            },
            cancellationToken);
    }

    public Task RenameExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken)
    {
        var id = TrackingRows.ExperimentId(experimentId);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                await RequireActiveAsync(c, t, id, "rename", ct).ConfigureAwait(false);
                var other = await c.ScalarAsync(t, Sql["GetExperimentByName"], ct, ("@name", newName)).ConfigureAwait(false);
                if (other is not null && Convert.ToInt64(other, CultureInfo.InvariantCulture) != id)
                {
                    throw CrucibleException.AlreadyExists($"Experiment(name={newName}) already exists.");
                }

                return await c.ExecuteAsync(t, Sql["RenameExperiment"], ct, ("@id", id), ("@name", newName), ("@now", Now)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task SetExperimentLifecycleAsync(string experimentId, LifecycleStage stage, CancellationToken cancellationToken)
    {
        var id = TrackingRows.ExperimentId(experimentId);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var current = await GetStageAsync(c, t, id, ct).ConfigureAwait(false);
                if (current == stage)
                {
                    var verb = stage == LifecycleStage.Deleted ? "deleted" : "active";
                    throw new CrucibleException(ErrorCode.InvalidParameterValue, $"Experiment {experimentId} is already {verb}.");
                }

                var stageText = TrackingRows.Stage(stage);
                long? deletedTime = stage == LifecycleStage.Deleted ? Now : null;
                await c.ExecuteAsync(t, Sql["SetExperimentLifecycle"], ct, ("@id", id), ("@stage", stageText), ("@now", Now)).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["SetRunsLifecycleOfExperiment"], ct, ("@id", id), ("@stage", stageText), ("@deleted_time", deletedTime)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task SetExperimentTagAsync(string experimentId, Tag tag, CancellationToken cancellationToken)
    {
        var id = TrackingRows.ExperimentId(experimentId);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                await RequireActiveAsync(c, t, id, "set a tag on", ct).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["TouchExperiment"], ct, ("@id", id), ("@now", Now)).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["UpsertExperimentTag"], ct, ("@id", id), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken)
    {
        var id = TrackingRows.ExperimentId(experimentId);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                await RequireActiveAsync(c, t, id, "delete a tag of", ct).ConfigureAwait(false);
                var deleted = await c.ExecuteAsync(t, Sql["DeleteExperimentTag"], ct, ("@id", id), ("@key", key)).ConfigureAwait(false);
                return deleted == 0
                    ? throw CrucibleException.NotFound($"No tag with name: {key} in experiment with id {experimentId}")
                    : deleted;
            },
            cancellationToken);
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private async Task<LifecycleStage> GetStageAsync(DbConnection c, DbTransaction? t, long id, CancellationToken ct)
    {
        var experiment = await LoadAsync(c, t, Sql["GetExperiment"], ("@id", id), ct).ConfigureAwait(false)
            ?? throw CrucibleException.NotFound($"No Experiment with id={id} exists");
        return experiment.LifecycleStage;
    }

    private async Task RequireActiveAsync(DbConnection c, DbTransaction? t, long id, string action, CancellationToken ct)
    {
        if (await GetStageAsync(c, t, id, ct).ConfigureAwait(false) != LifecycleStage.Active)
        {
            throw CrucibleException.Invalid($"Cannot {action} experiment {id}: it must be in the 'active' state. Current state is deleted.");
        }
    }

    /// <summary>Loads a page of experiments in the given order with two queries, whatever the page size.</summary>
    private async Task<List<Experiment>> LoadManyAsync(DbConnection c, DbTransaction? t, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var sql = new SqlBuilder(db.Dialect);
        var list = string.Join(", ", ids.Select(id => sql.Add(id)));
        var rows = await c.QueryAsync(
            t, $"SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time FROM experiments WHERE experiment_id IN ({list})",
            r => TrackingRows.Experiment(r, []), ct, sql.Parameters).ConfigureAwait(false);
        var tags = (await c.QueryAsync(
                t, $"SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN ({list}) ORDER BY key",
                r => (Id: r.Int64(0).ToString(CultureInfo.InvariantCulture), Tag: new Tag(r.GetString(1), r.GetString(2))), ct, sql.Parameters).ConfigureAwait(false))
            .ToLookup(x => x.Id, x => x.Tag);
        var byId = rows.ToDictionary(e => e.ExperimentId, e => e with { Tags = tags[e.ExperimentId].ToList() });
        return ids.Select(id => byId[id.ToString(CultureInfo.InvariantCulture)]).ToList();
    }

    private async Task<Experiment?> LoadAsync(DbConnection c, DbTransaction? t, string sql, (string, object?) key, CancellationToken ct)
    {
        long? id = null;
        Experiment? experiment = null;
        await using (var command = c.Command(t, sql, key))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                id = reader.Int64(0);
                experiment = TrackingRows.Experiment(reader, []);
            }
        }

        if (experiment is null)
        {
            return null;
        }

        var tags = await c.QueryAsync(t, Sql["GetExperimentTags"], r => new Tag(r.GetString(1), r.GetString(2)), ct, ("@id", id)).ConfigureAwait(false);
        return experiment with { Tags = tags };
    }
}
