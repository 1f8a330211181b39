using System.Data.Common;
using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Serving;

/// <summary>
/// Ground-truth labels on SQLite or PostgreSQL. A batch is validated first, de-duplicated (the last label of a
/// request id wins) and written in one transaction: on SQLite one prepared upsert and one existence check per label,
/// on PostgreSQL one <c>INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO UPDATE</c> and one count.
/// </summary>
internal sealed class SqlPredictionLabelStore(IDbExecutor db, TimeProvider time) : IPredictionLabelStore
{
    private SqlStatements Sql => db.Dialect.Statements;

    public Task<LabelWriteResult> UpsertLabelsAsync(string deployment, IReadOnlyList<PredictionLabel> labels, CancellationToken cancellationToken)
    {
        Guard.Required(deployment, "deployment");
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count > IPredictionLabelStore.MaxBatch)
        {
            throw CrucibleException.Invalid($"Too many labels in one request: {labels.Count}; at most {IPredictionLabelStore.MaxBatch}.");
        }

        var unique = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i] ?? throw CrucibleException.Invalid($"Label {i} is null.");
            if (string.IsNullOrEmpty(label.RequestId))
            {
                throw CrucibleException.Invalid($"Label {i} has no request_id.");
            }

            if (label.RequestId.Length > IPredictionLabelStore.MaxRequestIdLength)
            {
                throw CrucibleException.Invalid($"Label {i} has a request_id of {label.RequestId.Length} characters; at most {IPredictionLabelStore.MaxRequestIdLength}.");
            }

            if (!double.IsFinite(label.Label))
            {
                throw CrucibleException.Invalid($"Label {i} (request '{label.RequestId}') is {label.Label}; it must be a finite number.");
            }

            unique[label.RequestId] = label.Label;
        }

        if (unique.Count == 0)
        {
            return Task.FromResult(new LabelWriteResult(0, 0));
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return db.Dialect is PostgresDialect
            ? db.WriteAsync((c, t, ct) => UpsertArraysAsync(c, t, deployment, unique, now, ct), cancellationToken)
            : db.WriteAsync((c, t, ct) => UpsertEachAsync(c, t, deployment, unique, now, ct), cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, double>> GetLabelsAsync(string deployment, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        Guard.Required(deployment, "deployment");
        if (fromMs > toMs)
        {
            throw CrucibleException.Invalid($"Invalid time range: from {fromMs} is after to {toMs}.");
        }

        return db.ReadAsync<IReadOnlyDictionary<string, double>>(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(
                    t, Sql["LabelsInWindow"], r => (Id: r.GetString(0), Label: r.GetDouble(1)), ct,
                    ("@deployment", deployment), ("@from_ms", fromMs), ("@to_ms", toMs)).ConfigureAwait(false);
                return rows.ToDictionary(x => x.Id, x => x.Label, StringComparer.Ordinal);
            },
            cancellationToken);
    }

    private async Task<LabelWriteResult> UpsertEachAsync(
        DbConnection c, DbTransaction? t, string deployment, Dictionary<string, double> labels, long now, CancellationToken ct)
    {
        await using var upsert = c.Command(t, Sql["UpsertLabel"], ("@deployment", deployment), ("@request_id", null), ("@label", null), ("@now", now));
        await using var exists = c.Command(t, Sql["PredictionExists"], ("@deployment", deployment), ("@request_id", null));
        var unmatched = 0;
        foreach (var (id, label) in labels)
        {
            upsert.Parameters[1].Value = id;
            upsert.Parameters[2].Value = label;
            await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            exists.Parameters[1].Value = id;
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
            {
                unmatched++;
            }
        }

        return new LabelWriteResult(labels.Count, unmatched);
    }

    private async Task<LabelWriteResult> UpsertArraysAsync(
        DbConnection c, DbTransaction? t, string deployment, Dictionary<string, double> labels, long now, CancellationToken ct)
    {
        var ids = labels.Keys.ToArray();
        await c.ExecuteAsync(
            t, Sql["UpsertLabels"], ct,
            ("@deployment", deployment), ("@request_id", ids), ("@label", labels.Values.ToArray()), ("@now", now)).ConfigureAwait(false);
        var unmatched = await c.ScalarAsync(t, Sql["CountUnmatchedLabels"], ct, ("@deployment", deployment), ("@request_id", ids)).ConfigureAwait(false);
        return new LabelWriteResult(labels.Count, (int)Convert.ToInt64(unmatched, System.Globalization.CultureInfo.InvariantCulture));
    }
}
