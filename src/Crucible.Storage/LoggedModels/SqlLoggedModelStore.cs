using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Crucible.Core.Errors;
using Crucible.Core.LoggedModels;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;
using Crucible.Storage.Tracking;

namespace Crucible.Storage.LoggedModels;

/// <summary>
/// MLflow 3 logged models on SQLite or PostgreSQL. Ids are <c>m-</c> + 32 hex digits of a random 128-bit value, and
/// the artifact folder is <c>&lt;experiment artifact location&gt;/models/&lt;model_id&gt;/artifacts</c>, as MLflow's
/// SQL store makes them. Every write checks the model is live inside its own transaction.
/// </summary>
internal sealed partial class SqlLoggedModelStore(IDbExecutor db, TimeProvider time, RunNameGenerator names) : ILoggedModelStore
{
    private SqlStatements Sql => db.Dialect.Statements;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<LoggedModel> CreateAsync(CreateLoggedModelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var experimentId = TrackingRows.ExperimentId(request.ExperimentId);
        var modelId = "m-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var name = string.IsNullOrEmpty(request.Name) ? names.Next() : request.Name;
        var now = Now;
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var experiment = await c.QueryAsync(t, Sql["GetLoggedModelExperiment"], r => (Location: r.GetString(0), Stage: r.GetString(1)), ct, ("@experiment_id", experimentId)).ConfigureAwait(false);
                if (experiment.Count == 0)
                {
                    throw CrucibleException.NotFound($"No Experiment with id={request.ExperimentId} exists");
                }

                if (experiment[0].Stage != "active")
                {
                    throw CrucibleException.Invalid($"The experiment {request.ExperimentId} must be in the 'active' state. Current state is {experiment[0].Stage}.");
                }

                var location = experiment[0].Location.TrimEnd('/') + "/models/" + modelId + "/artifacts";
                await c.ExecuteAsync(
                    t,
                    Sql["InsertLoggedModel"],
                    ct,
                    ("@model_id", modelId),
                    ("@experiment_id", experimentId),
                    ("@name", name),
                    ("@artifact_location", location),
                    ("@now", now),
                    ("@source_run_id", string.IsNullOrEmpty(request.SourceRunId) ? null : request.SourceRunId),
                    ("@model_type", string.IsNullOrEmpty(request.ModelType) ? null : request.ModelType)).ConfigureAwait(false);
                foreach (var tag in request.Tags)
                {
                    await c.ExecuteAsync(t, Sql["UpsertLoggedModelTag"], ct, ("@model_id", modelId), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
                }

                await InsertParamsAsync(c, t, modelId, request.Params, ct).ConfigureAwait(false);
                return await LoadAsync(c, t, modelId, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<LoggedModel> GetAsync(string modelId, CancellationToken cancellationToken) =>
        db.ReadAsync((c, t, ct) => LoadAsync(c, t, modelId, ct), cancellationToken);

    public Task<LoggedModel> FinalizeAsync(string modelId, LoggedModelStatus status, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var updated = await c.ExecuteAsync(t, Sql["FinalizeLoggedModel"], ct, ("@model_id", modelId), ("@status", StatusText(status)), ("@now", Now)).ConfigureAwait(false);
                return updated == 1 ? await LoadAsync(c, t, modelId, ct).ConfigureAwait(false) : throw NotFound(modelId);
            },
            cancellationToken);

    public Task DeleteAsync(string modelId, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var deleted = await c.ExecuteAsync(t, Sql["DeleteLoggedModel"], ct, ("@model_id", modelId), ("@now", Now)).ConfigureAwait(false);
                return deleted == 1 ? deleted : throw NotFound(modelId);
            },
            cancellationToken);

    public Task<LoggedModel> SetTagsAsync(string modelId, IReadOnlyList<Tag> tags, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                await TouchAsync(c, t, modelId, ct).ConfigureAwait(false);
                foreach (var tag in tags)
                {
                    await c.ExecuteAsync(t, Sql["UpsertLoggedModelTag"], ct, ("@model_id", modelId), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
                }

                return await LoadAsync(c, t, modelId, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public Task DeleteTagAsync(string modelId, string key, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                await TouchAsync(c, t, modelId, ct).ConfigureAwait(false);
                var deleted = await c.ExecuteAsync(t, Sql["DeleteLoggedModelTag"], ct, ("@model_id", modelId), ("@key", key)).ConfigureAwait(false);
                return deleted == 1 ? deleted : throw CrucibleException.NotFound($"No tag with key '{key}' found for logged model '{modelId}'.");
            },
            cancellationToken);

    public Task LogParamsAsync(string modelId, IReadOnlyList<Param> parameters, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                await TouchAsync(c, t, modelId, ct).ConfigureAwait(false);
                await InsertParamsAsync(c, t, modelId, parameters, ct).ConfigureAwait(false);
                return 0;
            },
            cancellationToken);

    public Task LogOutputsAsync(string runId, IReadOnlyList<LoggedModelOutput> outputs, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                if (await c.ScalarAsync(t, Sql["GetLoggedModelRunExists"], ct, ("@run_uuid", runId)).ConfigureAwait(false) is null)
                {
                    throw CrucibleException.NotFound($"Run with id={runId} not found");
                }

                foreach (var output in outputs)
                {
                    await RequireLiveAsync(c, t, output.ModelId, ct).ConfigureAwait(false);
                    await c.ExecuteAsync(t, Sql["InsertRunModelOutput"], ct, ("@run_uuid", runId), ("@model_id", output.ModelId), ("@step", output.Step)).ConfigureAwait(false);
                }

                return 0;
            },
            cancellationToken);

    public Task<IReadOnlyList<LoggedModelOutput>> GetRunOutputsAsync(string runId, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<LoggedModelOutput>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["GetRunModelOutputs"], r => new LoggedModelOutput(r.GetString(0), r.Int64(1)), ct, ("@run_uuid", runId)).ConfigureAwait(false),
            cancellationToken);

    private async Task InsertParamsAsync(DbConnection c, DbTransaction? t, string modelId, IReadOnlyList<Param> parameters, CancellationToken ct)
    {
        foreach (var param in parameters)
        {
            await c.ExecuteAsync(t, Sql["InsertLoggedModelParam"], ct, ("@model_id", modelId), ("@key", param.Key), ("@value", param.Value)).ConfigureAwait(false);
            var stored = (string?)await c.ScalarAsync(t, Sql["GetLoggedModelParam"], ct, ("@model_id", modelId), ("@key", param.Key)).ConfigureAwait(false);
            if (stored != param.Value)
            {
                throw CrucibleException.Invalid(
                    $"Changing param values is not allowed. Param with key='{param.Key}' was already logged with value='{stored}' for logged model '{modelId}'. Attempted logging new value '{param.Value}'.");
            }
        }
    }

    private async Task TouchAsync(DbConnection c, DbTransaction? t, string modelId, CancellationToken ct)
    {
        if (await c.ExecuteAsync(t, Sql["TouchLoggedModel"], ct, ("@model_id", modelId), ("@now", Now)).ConfigureAwait(false) != 1)
        {
            throw NotFound(modelId);
        }
    }

    private async Task RequireLiveAsync(DbConnection c, DbTransaction? t, string modelId, CancellationToken ct)
    {
        var rows = await c.QueryAsync(t, Sql["GetLoggedModel"], r => r.GetString(0), ct, ("@model_id", modelId)).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            throw NotFound(modelId);
        }
    }

    private async Task<LoggedModel> LoadAsync(DbConnection c, DbTransaction? t, string modelId, CancellationToken ct)
    {
        var rows = await c.QueryAsync(t, Sql["GetLoggedModel"], ReadRow, ct, ("@model_id", modelId)).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            throw NotFound(modelId);
        }

        var tags = await c.QueryAsync(t, Sql["GetLoggedModelTags"], r => new Tag(r.GetString(0), r.GetString(1)), ct, ("@model_id", modelId)).ConfigureAwait(false);
        var parameters = await c.QueryAsync(t, Sql["GetLoggedModelParams"], r => new Param(r.GetString(0), r.GetString(1)), ct, ("@model_id", modelId)).ConfigureAwait(false);
        var metrics = await c.QueryAsync(t, Sql["GetLoggedModelMetrics"], r => ReadMetric(r, modelId), ct, ("@model_id", modelId)).ConfigureAwait(false);
        return rows[0] with { Tags = tags, Params = parameters, Metrics = metrics };
    }

    private static LoggedModelMetric ReadMetric(DbDataReader r, string modelId) => new(
        r.GetString(0),
        TrackingRows.Metric(r, 1) with { ModelId = modelId, DatasetName = r.NullableString(6), DatasetDigest = r.NullableString(7) });

    /// <summary>Reads the GetLoggedModel columns; tags and params are filled in by the caller.</summary>
    private static LoggedModel ReadRow(DbDataReader r) => new(
        r.GetString(0),
        r.Int64(1).ToString(CultureInfo.InvariantCulture),
        r.GetString(2),
        r.GetString(3),
        r.Int64(4),
        r.Int64(5),
        Status(r.GetString(7)),
        r.NullableString(8),
        r.NullableString(6),
        r.NullableString(9),
        TrackingRows.Stage(r.GetString(10)),
        [],
        []);

    private static string StatusText(LoggedModelStatus status) => status.ToString().ToUpperInvariant();

    private static LoggedModelStatus Status(string text) => Enum.Parse<LoggedModelStatus>(text, ignoreCase: true);

    private static CrucibleException NotFound(string modelId) => CrucibleException.NotFound($"Logged model with ID '{modelId}' not found.");
}
