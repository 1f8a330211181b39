using System.Data.Common;
using Crucible.Core.Errors;
using Crucible.Core.Search;
using Crucible.Core.Serving;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Serving;

/// <summary>
/// The prediction log on SQLite or PostgreSQL: an append-only table read oldest first, in pages with MLflow's
/// offset tokens. A batch is written in one transaction: on SQLite as multi-row inserts of
/// <see cref="SqliteRowsPerInsert"/> records each (one statement execution per 50 records instead of one per record),
/// on PostgreSQL each chunk of records is one <c>INSERT ... SELECT FROM unnest(arrays)</c>.
/// </summary>
internal sealed class SqlPredictionLogStore(IDbExecutor db, int sqliteRowsPerInsert = SqlPredictionLogStore.SqliteRowsPerInsert) : IPredictionLogStore
{
    /// <summary>Records per SQLite insert statement (10 parameters each, far under SQLite's 32,766).</summary>
    public const int SqliteRowsPerInsert = 50;

    private static readonly string[] Columns = ["@deployment", "@request_id", "@model", "@version", "@timestamp_ms", "@inputs", "@outputs", "@latency_ms", "@shadow", "@error"];

    /// <summary>The multi-row insert text per row count, built from the one-row statement.</summary>
    private readonly Dictionary<int, string> _multiRowInserts = [];

    /// <summary>The largest page a query may ask for.</summary>
    public const int MaxPageSize = 1_000;

    /// <summary>Records per PostgreSQL insert statement: few round trips, bounded parameter size.</summary>
    private const int PostgresChunk = 1_000;

    private SqlStatements Sql => db.Dialect.Statements;

    public Task AppendPredictionsAsync(IReadOnlyList<PredictionRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        for (var i = 0; i < records.Count; i++)
        {
            Validate(records[i], i);
        }

        if (records.Count == 0)
        {
            return Task.CompletedTask;
        }

        return db.Dialect is PostgresDialect
            ? db.WriteAsync((c, t, ct) => InsertChunksAsync(c, t, records, ct), cancellationToken)
            : db.WriteAsync((c, t, ct) => InsertRowsAsync(c, t, records, ct), cancellationToken);
    }

    public Task<Page<PredictionRecord>> QueryPredictionsAsync(PredictionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        Guard.Required(query.Deployment, "deployment");
        var pageSize = Guard.PageSize(query.MaxResults, MaxPageSize, MaxPageSize);
        if (query is { FromMs: { } from, ToMs: { } to } && from > to)
        {
            throw CrucibleException.Invalid($"Invalid time range: from {from} is after to {to}.");
        }

        var offset = PageToken.DecodeOffset(query.PageToken);
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(
                    t, Sql["QueryPredictions"], Read, ct,
                    ("@deployment", query.Deployment),
                    ("@from_ms", query.FromMs ?? long.MinValue),
                    ("@to_ms", query.ToMs ?? long.MaxValue),
                    ("@max_shadow", query.IncludeShadow ? 1 : 0),
                    ("@limit", pageSize + 1),
                    ("@offset", offset)).ConfigureAwait(false);
                return new Page<PredictionRecord>(rows.Take(pageSize).ToList(), PageToken.Next(offset, pageSize, rows.Count));
            },
            cancellationToken);
    }

    public Task<PredictionRecord?> GetPredictionAsync(string deployment, string requestId, CancellationToken cancellationToken)
    {
        Guard.Required(deployment, "deployment");
        Guard.Required(requestId, "request_id");
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["GetPrediction"], Read, ct, ("@deployment", deployment), ("@request_id", requestId)).ConfigureAwait(false);
                return rows.Count == 0 ? null : rows[0];
            },
            cancellationToken);
    }

    /// <summary>Checked before anything is written, so a bad record fails its batch with a message naming it.</summary>
    private static void Validate(PredictionRecord? record, int index)
    {
        if (record is null)
        {
            throw CrucibleException.Invalid($"Prediction record {index} is null.");
        }

        Check(record.RequestId, "request id");
        Check(record.Deployment, "deployment");
        Check(record.Model, "model");
        Check(record.Version, "version");
        if (record.Inputs is null)
        {
            throw CrucibleException.Invalid($"Prediction record {index} (request '{record.RequestId}') has no inputs.");
        }

        if (!double.IsFinite(record.LatencyMs) || record.LatencyMs < 0)
        {
            throw CrucibleException.Invalid($"Prediction record {index} (request '{record.RequestId}') has latency {record.LatencyMs} ms; it must be a finite number, at least 0.");
        }

        void Check(string? value, string what)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw CrucibleException.Invalid($"Prediction record {index} has no {what}.");
            }
        }
    }

    private async Task<int> InsertRowsAsync(DbConnection c, DbTransaction? t, IReadOnlyList<PredictionRecord> records, CancellationToken ct)
    {
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < records.Count; start += sqliteRowsPerInsert)
            {
                var count = Math.Min(sqliteRowsPerInsert, records.Count - start);
                if (count == sqliteRowsPerInsert)
                {
                    full ??= InsertCommand(c, t, count);
                    await InsertAsync(full, records, start, count, ct).ConfigureAwait(false);
                }
                else
                {
                    await using var rest = InsertCommand(c, t, count);
                    await InsertAsync(rest, records, start, count, ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync().ConfigureAwait(false);
            }
        }

        return records.Count;
    }

    private static async Task InsertAsync(DbCommand insert, IReadOnlyList<PredictionRecord> records, int start, int count, CancellationToken ct)
    {
        var parameters = insert.Parameters;
        for (var row = 0; row < count; row++)
        {
            var r = records[start + row];
            var p = row * Columns.Length;
            parameters[p].Value = r.Deployment;
            parameters[p + 1].Value = r.RequestId;
            parameters[p + 2].Value = r.Model;
            parameters[p + 3].Value = r.Version;
            parameters[p + 4].Value = r.TimestampMs;
            parameters[p + 5].Value = r.Inputs;
            parameters[p + 6].Value = (object?)r.Outputs ?? DBNull.Value;
            parameters[p + 7].Value = r.LatencyMs;
            parameters[p + 8].Value = r.Shadow ? 1 : 0;
            parameters[p + 9].Value = (object?)r.Error ?? DBNull.Value;
        }

        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>An insert of <paramref name="rows"/> records: the one-row statement with its VALUES tuple repeated, parameters suffixed by row.</summary>
    private DbCommand InsertCommand(DbConnection c, DbTransaction? t, int rows)
    {
        string sql;
        lock (_multiRowInserts)
        {
            if (!_multiRowInserts.TryGetValue(rows, out sql!))
            {
                var single = Sql["InsertPrediction"];
                var values = single.IndexOf("VALUES", StringComparison.Ordinal) + "VALUES".Length;
                var tuple = single[values..].Trim();
                var builder = new System.Text.StringBuilder(single, 0, values, values + (rows * (tuple.Length + 40)));
                for (var row = 0; row < rows; row++)
                {
                    builder.Append(row == 0 ? " " : ", ").Append(System.Text.RegularExpressions.Regex.Replace(tuple, @"@(\w+)", $"@$1_{row}"));
                }

                sql = builder.ToString();
                _multiRowInserts[rows] = sql;
            }
        }

        var parameters = new (string, object?)[rows * Columns.Length];
        for (var row = 0; row < rows; row++)
        {
            for (var i = 0; i < Columns.Length; i++)
            {
                parameters[(row * Columns.Length) + i] = (string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Columns[i]}_{row}"), null);
            }
        }

        return c.Command(t, sql, parameters);
    }

    private async Task<int> InsertChunksAsync(DbConnection c, DbTransaction? t, IReadOnlyList<PredictionRecord> records, CancellationToken ct)
    {
        for (var start = 0; start < records.Count; start += PostgresChunk)
        {
            var chunk = records.Skip(start).Take(PostgresChunk).ToList();
            await c.ExecuteAsync(
                t, Sql["InsertPredictions"], ct,
                ("@deployment", chunk.Select(r => r.Deployment).ToArray()),
                ("@request_id", chunk.Select(r => r.RequestId).ToArray()),
                ("@model", chunk.Select(r => r.Model).ToArray()),
                ("@version", chunk.Select(r => r.Version).ToArray()),
                ("@timestamp_ms", chunk.Select(r => r.TimestampMs).ToArray()),
                ("@inputs", chunk.Select(r => r.Inputs).ToArray()),
                ("@outputs", chunk.Select(r => r.Outputs).ToArray()),
                ("@latency_ms", chunk.Select(r => r.LatencyMs).ToArray()),
                ("@shadow", chunk.Select(r => r.Shadow ? (short)1 : (short)0).ToArray()),
                ("@error", chunk.Select(r => r.Error).ToArray())).ConfigureAwait(false);
        }

        return records.Count;
    }

    private static PredictionRecord Read(DbDataReader r) => new(
        RequestId: r.GetString(0),
        Deployment: r.GetString(1),
        Model: r.GetString(2),
        Version: r.GetString(3),
        TimestampMs: r.Int64(4),
        Inputs: r.GetString(5),
        Outputs: r.NullableString(6),
        LatencyMs: r.GetDouble(7),
        Shadow: r.Int64(8) != 0,
        Error: r.NullableString(9));
}
