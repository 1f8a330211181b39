using Crucible.Core.Errors;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Serving;

/// <summary>A deployment's own retention bounds (null: the server's default; 0: no bound) and when they were set.</summary>
public sealed record PredictionRetentionSettings(long? MaxAgeMs, long? MaxBytes, long UpdatedTimeMs);

/// <summary>How big a deployment's prediction log is: rows and logged bytes (see <see cref="SqlPredictionRetention.RowOverheadBytes"/>).</summary>
public sealed record PredictionLogSize(long Rows, long Bytes);

/// <summary>
/// Retention of the prediction log (migration 0013): per-deployment bounds, the log's size, and the deletes compaction
/// runs. A row's logged bytes are the UTF-8 bytes of its inputs, outputs and error JSON plus
/// <see cref="RowOverheadBytes"/> for the ids, timestamps and latency. Only prediction rows are deleted; stored window
/// profiles and labels are never touched here.
/// </summary>
public sealed class SqlPredictionRetention
{
    /// <summary>Bytes counted per row for its fields other than the JSON (ids, model, version, timestamp, latency).</summary>
    public const long RowOverheadBytes = 100;

    /// <summary>Rows one delete statement removes at most.</summary>
    public const int DeleteBatch = 5_000;

    private readonly IDbExecutor _db;
    private readonly TimeProvider _time;

    internal SqlPredictionRetention(IDbExecutor db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    private SqlStatements Sql => _db.Dialect.Statements;

    /// <summary>The deployment's own bounds, or null when it has none (the server's defaults apply).</summary>
    public Task<PredictionRetentionSettings?> GetAsync(string deployment, CancellationToken cancellationToken = default)
    {
        Guard.Required(deployment, "deployment");
        return _db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["GetRetention"], r => new PredictionRetentionSettings(r.NullableInt64(0), r.NullableInt64(1), r.Int64(2)), ct, ("@deployment", deployment)).ConfigureAwait(false);
                return rows.Count == 0 ? null : rows[0];
            },
            cancellationToken);
    }

    /// <summary>Sets the deployment's bounds (null: the server's default; 0: no bound); negative values are refused.</summary>
    public Task<PredictionRetentionSettings> SetAsync(string deployment, long? maxAgeMs, long? maxBytes, CancellationToken cancellationToken = default)
    {
        Guard.Required(deployment, "deployment");
        if (maxAgeMs < 0 || maxBytes < 0)
        {
            throw CrucibleException.Invalid("Retention bounds must be at least 0 (0 keeps everything, null uses the server's default).");
        }

        long now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return _db.WriteAsync(
            async (c, t, ct) =>
            {
                await c.ExecuteAsync(t, Sql["UpsertRetention"], ct, ("@deployment", deployment), ("@max_age_ms", maxAgeMs), ("@max_bytes", maxBytes), ("@now", now)).ConfigureAwait(false);
                return new PredictionRetentionSettings(maxAgeMs, maxBytes, now);
            },
            cancellationToken);
    }

    /// <summary>Deployments with at least one logged prediction.</summary>
    public Task<List<string>> LoggedDeploymentsAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync((c, t, ct) => c.QueryAsync(t, Sql["LoggedDeployments"], r => r.GetString(0), ct), cancellationToken);

    /// <summary>The timestamp of the deployment's oldest logged prediction, or null when it has none.</summary>
    public Task<long?> OldestAsync(string deployment, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(
            async (c, t, ct) => (await c.QueryAsync(t, Sql["OldestPrediction"], r => r.NullableInt64(0), ct, ("@deployment", deployment)).ConfigureAwait(false))[0],
            cancellationToken);

    /// <summary>The deployment's log: rows and logged bytes (one scan of its rows).</summary>
    public Task<PredictionLogSize> SizeAsync(string deployment, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(
            async (c, t, ct) => (await c.QueryAsync(
                t, Sql["PredictionLogSize"], r => new PredictionLogSize(r.Int64(0), r.Int64(1)), ct, ("@deployment", deployment), ("@row_overhead", RowOverheadBytes)).ConfigureAwait(false))[0],
            cancellationToken);

    /// <summary>
    /// The timestamp of the newest row at which the log, summed from its newest row backwards, passes
    /// <paramref name="maxBytes"/>; null when the whole log fits (one scan of the deployment's rows).
    /// </summary>
    public Task<long?> SizeCutoffAsync(string deployment, long maxBytes, CancellationToken cancellationToken = default) =>
        _db.ReadAsync(
            async (c, t, ct) => (await c.QueryAsync(
                t, Sql["SizeCutoff"], r => r.NullableInt64(0), ct, ("@deployment", deployment), ("@max_bytes", maxBytes), ("@row_overhead", RowOverheadBytes)).ConfigureAwait(false))[0],
            cancellationToken);

    /// <summary>Deletes the deployment's predictions older than <paramref name="beforeMs"/> in batches; returns the rows deleted.</summary>
    public async Task<long> DeleteBeforeAsync(string deployment, long beforeMs, CancellationToken cancellationToken = default)
    {
        Guard.Required(deployment, "deployment");
        long total = 0;
        int deleted;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            deleted = await _db.WriteAsync(
                (c, t, ct) => c.ExecuteAsync(t, Sql["DeletePredictionsBefore"], ct, ("@deployment", deployment), ("@before_ms", beforeMs), ("@limit", DeleteBatch)),
                cancellationToken).ConfigureAwait(false);
            total += deleted;
        }
        while (deleted == DeleteBatch);
        return total;
    }
}
