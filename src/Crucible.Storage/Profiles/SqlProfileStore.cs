using System.Data.Common;
using Crucible.Core.Errors;
using Crucible.Monitoring.Profiles;
using Crucible.Monitoring.Windows;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Profiles;

/// <summary>A stored window: its merged partials, total rows and the replicas that wrote them.</summary>
/// <param name="Merged">The window merged (corrupt partials skipped and listed in its problems).</param>
/// <param name="Rows">Sum of the partials' row counts as recorded at save time (corrupt ones included).</param>
/// <param name="Replicas">Replicas with a partial, in ordinal order.</param>
/// <param name="UpdatedTimeMs">Latest save of any partial (Unix ms).</param>
public sealed record StoredWindow(MergedWindow Merged, long Rows, IReadOnlyList<string> Replicas, long UpdatedTimeMs);

/// <summary>
/// Per-window partial profiles on SQLite or PostgreSQL: one row per (deployment, model version, window start, window
/// length, replica) holding that replica's binary profile. A save reads the replica's own row, merges the new rows into
/// it and upserts it (only that replica writes the row, so there is no cross-replica contention); readers merge a
/// window's rows in replica order. A blob that does not decode is reported with its key and skipped, never thrown.
/// </summary>
public sealed class SqlProfileStore : IProfileStore
{
    private readonly IDbExecutor _db;
    private readonly TimeProvider _time;

    internal SqlProfileStore(IDbExecutor db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    private SqlStatements Sql => _db.Dialect.Statements;

    /// <inheritdoc />
    public Task SavePartialAsync(WindowKey key, DatasetProfile partial, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(partial);
        Guard.Required(key.Deployment, "deployment");
        Guard.Required(key.ModelVersion, "model_version");
        Guard.Required(key.Replica, "replica");
        if (key.Length <= TimeSpan.Zero)
        {
            throw CrucibleException.Invalid("window length must be positive");
        }

        var keyParameters = KeyParameters(key);
        return _db.WriteAsync(
            async (c, t, ct) =>
            {
                DatasetProfile merged = partial;
                var existing = await c.QueryAsync(t, Sql["GetPartial"], r => (byte[])r.GetValue(0), ct, keyParameters).ConfigureAwait(false);
                if (existing.Count == 1 && PartialBlobs.TryDecode(existing[0], out DatasetProfile? stored, out _))
                {
                    merged = DatasetProfile.Merge(stored, partial);
                }

                // An unreadable stored partial is replaced by the new one rather than failing the writer.
                await c.ExecuteAsync(
                    t, Sql["UpsertPartial"], ct,
                    [.. keyParameters, ("@row_count", merged.RowCount), ("@blob", merged.ToBytes()), ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds())]).ConfigureAwait(false);
                return 0;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<MergedWindow?> LoadWindowAsync(WindowId window, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(window);
        return _db.ReadAsync(
            async (c, t, ct) =>
            {
                var partials = await c.QueryAsync(
                    t, Sql["WindowPartials"], r => (r.GetString(0), (byte[])r.GetValue(2)), ct,
                    ("@deployment", window.Deployment),
                    ("@model_version", window.ModelVersion),
                    ("@window_start_ms", window.WindowStart.ToUnixTimeMilliseconds()),
                    ("@window_length_ms", (long)window.Length.TotalMilliseconds)).ConfigureAwait(false);
                return partials.Count == 0 ? null : PartialBlobs.Merge(window, partials);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WindowId>> ListWindowsAsync(
        string deployment, string modelVersion, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        _db.ReadAsync<IReadOnlyList<WindowId>>(
            async (c, t, ct) => await c.QueryAsync(
                t, Sql["ListWindows"],
                r => new WindowId(deployment, modelVersion, DateTimeOffset.FromUnixTimeMilliseconds(r.Int64(0))) { Length = TimeSpan.FromMilliseconds(r.Int64(1)) },
                ct,
                ("@deployment", deployment),
                ("@model_version", modelVersion),
                ("@from_ms", from?.ToUnixTimeMilliseconds() ?? long.MinValue),
                ("@to_ms", to?.ToUnixTimeMilliseconds() ?? long.MaxValue)).ConfigureAwait(false),
            cancellationToken);

    /// <summary>The most partials <see cref="LoadRangeAsync"/> reads by default.</summary>
    public const int DefaultMaxPartials = 20_000;

    /// <summary>
    /// Every stored window of a deployment (all model versions and lengths) starting in [from, to), merged, oldest
    /// first; one query for the whole range, so a report over many windows costs one read. At most
    /// <paramref name="maxPartials"/> partials are read (the last window may then be incomplete: ask for one more).
    /// </summary>
    public Task<IReadOnlyList<StoredWindow>> LoadRangeAsync(
        string deployment, DateTimeOffset from, DateTimeOffset to, int maxPartials = DefaultMaxPartials, CancellationToken cancellationToken = default)
    {
        Guard.Required(deployment, "deployment");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPartials, 1);
        return _db.ReadAsync<IReadOnlyList<StoredWindow>>(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(
                    t, Sql["RangePartials"], ReadRow, ct,
                    ("@deployment", deployment),
                    ("@from_ms", from.ToUnixTimeMilliseconds()),
                    ("@to_ms", to.ToUnixTimeMilliseconds()),
                    ("@limit", maxPartials)).ConfigureAwait(false);
                // Decoding and merging dominate a long range; windows are independent, so they merge in parallel.
                return rows
                    .GroupBy(r => r.Window)
                    .AsParallel()
                    .AsOrdered()
                    .Select(g => new StoredWindow(
                        PartialBlobs.Merge(g.Key, g.Select(r => (r.Replica, r.Blob))),
                        g.Sum(r => r.Rows),
                        [.. g.Select(r => r.Replica)],
                        g.Max(r => r.UpdatedMs)))
                    .ToList();
            },
            cancellationToken);

        PartialRow ReadRow(DbDataReader r) => new(
            new WindowId(deployment, r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.Int64(1))) { Length = TimeSpan.FromMilliseconds(r.Int64(2)) },
            r.GetString(3),
            r.Int64(4),
            (byte[])r.GetValue(5),
            r.Int64(6));
    }

    private static (string, object?)[] KeyParameters(WindowKey key) =>
    [
        ("@deployment", key.Deployment),
        ("@model_version", key.ModelVersion),
        ("@window_start_ms", key.WindowStart.ToUnixTimeMilliseconds()),
        ("@window_length_ms", (long)key.Length.TotalMilliseconds),
        ("@replica", key.Replica),
    ];

    /// <summary>Stores a raw blob as-is, bypassing decoding (tests use it to plant corrupt partials).</summary>
    internal Task PutBlobAsync(WindowKey key, byte[] blob, long rows, CancellationToken cancellationToken) =>
        _db.WriteAsync(
            (c, t, ct) => c.ExecuteAsync(
                t, Sql["UpsertPartial"], ct,
                [.. KeyParameters(key), ("@row_count", rows), ("@blob", blob), ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds())]),
            cancellationToken);

    private sealed record PartialRow(WindowId Window, string Replica, long Rows, byte[] Blob, long UpdatedMs);
}
