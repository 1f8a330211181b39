using System.Data.Common;
using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Profiles;

/// <summary>
/// Per-window partial profiles on SQLite or PostgreSQL (table <c>profile_partials</c>): one row per (deployment, model
/// version, window start, window length, replica) holding that replica's serialized profile and its row count. An
/// update reads the row and writes what the caller made of it in one write transaction (only that replica writes
/// the row, so there is no cross-replica contention). Blobs are bytes here: decoding and merging are Monitoring's.
/// </summary>
public sealed class SqlProfilePartialStore : IProfilePartialStore
{
    private const string WindowChanged = "A partial was saved again while its window was being compacted.";

    private readonly IDbExecutor _db;
    private readonly TimeProvider _time;

    internal SqlProfilePartialStore(IDbExecutor db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    private SqlStatements Sql => _db.Dialect.Statements;

    /// <inheritdoc />
    public Task UpdateAsync(ProfilePartialKey key, Func<byte[]?, ProfilePartialWrite> update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(update);
        Guard.Required(key.Deployment, "deployment");
        Guard.Required(key.ModelVersion, "model_version");
        Guard.Required(key.Replica, "replica");
        if (key.Length <= TimeSpan.Zero)
        {
            throw CrucibleException.Invalid("window length must be positive");
        }

        if (key.Replica == IProfilePartialStore.MergedReplica)
        {
            throw CrucibleException.Invalid($"replica '{IProfilePartialStore.MergedReplica}' is reserved for a window's compacted profile");
        }

        var keyParameters = KeyParameters(key);
        return _db.WriteAsync(
            async (c, t, ct) =>
            {
                var existing = await c.QueryAsync(t, Sql["GetPartial"], r => (byte[])r.GetValue(0), ct, keyParameters).ConfigureAwait(false);
                ProfilePartialWrite write = update(existing.Count == 1 ? existing[0] : null);
                await c.ExecuteAsync(
                    t, Sql["UpsertPartial"], ct,
                    [.. keyParameters, ("@row_count", write.RowCount), ("@blob", write.Blob), ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("@merged_replicas", null)]).ConfigureAwait(false);
                return 0;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredProfilePartial>> GetWindowAsync(
        string deployment, string modelVersion, DateTimeOffset windowStart, TimeSpan length, CancellationToken cancellationToken = default) =>
        _db.ReadAsync<IReadOnlyList<StoredProfilePartial>>(
            async (c, t, ct) => await c.QueryAsync(
                t, Sql["WindowPartials"],
                r => new StoredProfilePartial(new ProfilePartialKey(deployment, modelVersion, windowStart, length, r.GetString(0)), r.Int64(1), (byte[])r.GetValue(2), r.Int64(3), MergedReplicas(r, 4)),
                ct,
                ("@deployment", deployment),
                ("@model_version", modelVersion),
                ("@window_start_ms", windowStart.ToUnixTimeMilliseconds()),
                ("@window_length_ms", (long)length.TotalMilliseconds)).ConfigureAwait(false),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ProfileWindowRef>> ListWindowsAsync(
        string deployment, string modelVersion, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        _db.ReadAsync<IReadOnlyList<ProfileWindowRef>>(
            async (c, t, ct) => await c.QueryAsync(
                t, Sql["ListWindows"],
                r => new ProfileWindowRef(DateTimeOffset.FromUnixTimeMilliseconds(r.Int64(0)), TimeSpan.FromMilliseconds(r.Int64(1))),
                ct,
                ("@deployment", deployment),
                ("@model_version", modelVersion),
                ("@from_ms", from?.ToUnixTimeMilliseconds() ?? long.MinValue),
                ("@to_ms", to?.ToUnixTimeMilliseconds() ?? long.MaxValue)).ConfigureAwait(false),
            cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredProfilePartial>> GetRangeAsync(
        string deployment, DateTimeOffset from, DateTimeOffset to, int maxPartials = IProfilePartialStore.DefaultMaxPartials, CancellationToken cancellationToken = default)
    {
        Guard.Required(deployment, "deployment");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartials, 1);
        return _db.ReadAsync<IReadOnlyList<StoredProfilePartial>>(
            async (c, t, ct) => await c.QueryAsync(
                t, Sql["RangePartials"], ReadRow, ct,
                ("@deployment", deployment),
                ("@from_ms", from.ToUnixTimeMilliseconds()),
                ("@to_ms", to.ToUnixTimeMilliseconds()),
                ("@limit", maxPartials)).ConfigureAwait(false),
            cancellationToken);

        StoredProfilePartial ReadRow(DbDataReader r) => new(
            new ProfilePartialKey(deployment, r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.Int64(1)), TimeSpan.FromMilliseconds(r.Int64(2)), r.GetString(3)),
            r.Int64(4),
            (byte[])r.GetValue(5),
            r.Int64(6),
            MergedReplicas(r, 7));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ProfileWindowKey>> ListUncompactedAsync(DateTimeOffset closedBefore, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return _db.ReadAsync<IReadOnlyList<ProfileWindowKey>>(
            async (c, t, ct) => await c.QueryAsync(
                t, Sql["UncompactedWindows"],
                r => new ProfileWindowKey(r.GetString(0), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.Int64(2)), TimeSpan.FromMilliseconds(r.Int64(3))),
                ct,
                ("@closed_before_ms", closedBefore.ToUnixTimeMilliseconds()),
                ("@limit", max)).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> CompactWindowAsync(
        ProfileWindowKey window, Func<IReadOnlyList<StoredProfilePartial>, ProfilePartialWrite?> compact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(compact);
        var merged = new ProfilePartialKey(window.Deployment, window.ModelVersion, window.WindowStart, window.Length, IProfilePartialStore.MergedReplica);
        try
        {
            return await _db.WriteAsync(
                async (c, t, ct) =>
                {
                    var rows = await c.QueryAsync(
                        t, Sql["WindowPartials"],
                        r => new StoredProfilePartial(merged with { Replica = r.GetString(0) }, r.Int64(1), (byte[])r.GetValue(2), r.Int64(3), MergedReplicas(r, 4)),
                        ct,
                        [.. KeyParameters(merged).SkipLast(1)]).ConfigureAwait(false);
                    if (rows.Count < 2 || compact(rows) is not { } write)
                    {
                        return false;
                    }

                    foreach (var row in rows)
                    {
                        int deleted = await c.ExecuteAsync(
                            t, Sql["DeleteReadPartial"], ct, [.. KeyParameters(row.Key), ("@updated_time", row.UpdatedTimeMs), ("@row_count", row.RowCount)]).ConfigureAwait(false);
                        if (deleted != 1)
                        {
                            // Rolls the transaction back; caught below.
                            throw new CrucibleException(ErrorCode.ResourceConflict, WindowChanged);
                        }
                    }

                    string replicas = string.Join('\n', rows.SelectMany(r => r.Replicas).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                    await c.ExecuteAsync(
                        t, Sql["UpsertPartial"], ct,
                        [.. KeyParameters(merged), ("@row_count", write.RowCount), ("@blob", write.Blob), ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("@merged_replicas", replicas)]).ConfigureAwait(false);
                    return true;
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceConflict && ReferenceEquals(e.Message, WindowChanged))
        {
            return false;
        }
    }

    private static string[]? MergedReplicas(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal).Split('\n');

    private static (string, object?)[] KeyParameters(ProfilePartialKey key) =>
    [
        ("@deployment", key.Deployment),
        ("@model_version", key.ModelVersion),
        ("@window_start_ms", key.WindowStart.ToUnixTimeMilliseconds()),
        ("@window_length_ms", (long)key.Length.TotalMilliseconds),
        ("@replica", key.Replica),
    ];
}
