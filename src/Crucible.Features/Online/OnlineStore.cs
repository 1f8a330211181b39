using System.Data.Common;
using System.Text.Json;
using Crucible.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Crucible.Features.Online;

/// <summary>The latest values of one entity key of one view, with their event time (UTC ticks).</summary>
public sealed record OnlineRow(string Key, long EventTicks, long CreatedTicks, IReadOnlyDictionary<string, string?> Values);

/// <summary>
/// The online store on SQLite or PostgreSQL (the URI is a backend store URI: <c>sqlite:///path.db</c> or
/// <c>postgresql://user@host/db</c>): one row per view and entity key holding the latest values and their event time,
/// and one watermark per view for incremental materialization. One SQL text serves both engines; a write never
/// replaces a newer value (event time, then created time, decide), so late or repeated runs are harmless.
/// </summary>
public sealed class OnlineStore : IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS online_features (
            view_name     TEXT   NOT NULL,
            entity_key    TEXT   NOT NULL,
            event_ticks   BIGINT NOT NULL,
            created_ticks BIGINT NOT NULL,
            feature_values TEXT  NOT NULL,
            PRIMARY KEY (view_name, entity_key));
        CREATE TABLE IF NOT EXISTS online_watermarks (
            view_name   TEXT   NOT NULL PRIMARY KEY,
            cursor_ticks BIGINT NOT NULL);
        """;

    private const string Upsert = """
        INSERT INTO online_features (view_name, entity_key, event_ticks, created_ticks, feature_values)
        VALUES (@view, @key, @event, @created, @values)
        ON CONFLICT (view_name, entity_key) DO UPDATE SET event_ticks = excluded.event_ticks, created_ticks = excluded.created_ticks, feature_values = excluded.feature_values
        WHERE excluded.event_ticks > online_features.event_ticks
           OR (excluded.event_ticks = online_features.event_ticks AND excluded.created_ticks >= online_features.created_ticks)
        """;

    private readonly DbDataSource _source;

    private OnlineStore(DbDataSource source, string engine)
    {
        _source = source;
        Engine = engine;
    }

    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    public string Engine { get; }

    /// <summary>Opens (and creates the tables of) the online store at a backend store URI.</summary>
    public static async Task<OnlineStore> OpenAsync(string uri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var store = StoreUri.Parse(uri) switch
        {
            StoreUri.Sqlite sqlite => new OnlineStore(new SqliteSource($"Data Source={sqlite.Path};Pooling=True"), "sqlite"),
            StoreUri.Postgres pg => new OnlineStore(NpgsqlDataSource.Create(pg.ConnectionString), "postgresql"),
            _ => throw Core.Errors.CrucibleException.Invalid($"Unsupported online store URI '{uri}'."),
        };
        await using var connection = await store._source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (store.Engine == "sqlite")
        {
            await Execute(connection, null, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;", cancellationToken).ConfigureAwait(false);
        }

        await Execute(connection, null, Schema, cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <summary>Writes rows in one transaction, each replacing the stored row of its key only when newer.</summary>
    public async Task<int> WriteAsync(string view, IEnumerable<OnlineRow> rows, long? cursorTicks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Upsert;
        var p = new[] { Param(command, "@view"), Param(command, "@key"), Param(command, "@event"), Param(command, "@created"), Param(command, "@values") };
        p[0].Value = view;
        var written = 0;
        foreach (var row in rows)
        {
            p[1].Value = row.Key;
            p[2].Value = row.EventTicks;
            p[3].Value = row.CreatedTicks;
            p[4].Value = JsonSerializer.Serialize(row.Values, OnlineJson.Default.IReadOnlyDictionaryStringString);
            written += await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (cursorTicks is { } cursor)
        {
            await Execute(
                connection,
                transaction,
                "INSERT INTO online_watermarks (view_name, cursor_ticks) VALUES (@view, @cursor) ON CONFLICT (view_name) DO UPDATE SET cursor_ticks = excluded.cursor_ticks",
                cancellationToken,
                ("@view", view),
                ("@cursor", cursor)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>The cursor of the last materialization of a view (null: never materialized).</summary>
    public async Task<long?> WatermarkAsync(string view, CancellationToken cancellationToken = default)
    {
        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT cursor_ticks FROM online_watermarks WHERE view_name = @view";
        Param(command, "@view").Value = view;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The stored rows of <paramref name="keys"/> (absent keys are missing from the answer).</summary>
    public async Task<IReadOnlyDictionary<string, OnlineRow>> ReadAsync(string view, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, OnlineRow>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return found;
        }

        await using var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var names = keys.Select((k, i) =>
        {
            Param(command, $"@k{i}").Value = k;
            return $"@k{i}";
        }).ToList();
        Param(command, "@view").Value = view;
        command.CommandText = $"SELECT entity_key, event_ticks, created_ticks, feature_values FROM online_features WHERE view_name = @view AND entity_key IN ({string.Join(", ", names)})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var values = JsonSerializer.Deserialize(reader.GetString(3), OnlineJson.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string?>();
            found[reader.GetString(0)] = new OnlineRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), values);
        }

        return found;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private static DbParameter Param(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static async Task Execute(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Param(command, name).Value = value;
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Microsoft.Data.Sqlite has no data source type; this one opens a pooled connection per call.</summary>
    private sealed class SqliteSource(string connectionString) : DbDataSource
    {
        public override string ConnectionString => connectionString;

        protected override DbConnection CreateDbConnection() => new SqliteConnection(connectionString);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyDictionary<string, string?>))]
internal sealed partial class OnlineJson : System.Text.Json.Serialization.JsonSerializerContext;
