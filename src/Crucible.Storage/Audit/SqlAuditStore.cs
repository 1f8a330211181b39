using System.Data.Common;
using System.Text;
using Crucible.Core.Audit;
using Crucible.Core.Errors;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Audit;

/// <summary>
/// The audit trail on SQLite or PostgreSQL (migration 0015). An append reads the head row inside its write
/// transaction (PostgreSQL locks it with <c>FOR UPDATE</c>; SQLite has one writer), chains the new entries after it,
/// inserts them and moves the head, all in one transaction: concurrent appends from threads, processes or replicas
/// queue on the head row and the chain stays linear. Triggers refuse UPDATE and DELETE of audit rows.
/// </summary>
public sealed class SqlAuditStore : IAuditStore
{
    private readonly IDbExecutor _db;
    private readonly TimeProvider _time;

    internal SqlAuditStore(IDbExecutor db, TimeProvider time)
    {
        _db = db;
        _time = time;
    }

    private SqlStatements Sql => _db.Dialect.Statements;

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<AuditEntry>>([]);
        }

        return _db.WriteAsync<IReadOnlyList<AuditEntry>>(
            async (c, t, ct) =>
            {
                var heads = await c.QueryAsync(t, Sql["AuditHeadForAppend"], ReadHead, ct).ConfigureAwait(false);
                var head = heads.Count == 1 ? heads[0] : throw new CrucibleException(ErrorCode.DataLoss, "The audit trail's head row is missing.");
                // The clock is read once the head is held, so times never go backwards along the chain within a process.
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                var entries = new List<AuditEntry>(events.Count);
                var (sequence, prev) = (head.Sequence, head.Hash);
                foreach (var e in events)
                {
                    var entry = AuditEntry.Chain(++sequence, now, e, prev);
                    await c.ExecuteAsync(
                        t, Sql["AuditInsert"], ct,
                        ("@sequence", entry.Sequence), ("@time_ms", entry.TimeMs), ("@actor", entry.Actor), ("@actor_kind", entry.ActorKind),
                        ("@token_id", entry.TokenId), ("@workspace", entry.Workspace), ("@action", entry.Action), ("@target", entry.Target),
                        ("@outcome", entry.Outcome), ("@remote_address", entry.RemoteAddress), ("@request_id", entry.RequestId),
                        ("@prev_hash", entry.PrevHash), ("@hash", entry.Hash)).ConfigureAwait(false);
                    entries.Add(entry);
                    prev = entry.Hash;
                }

                await c.ExecuteAsync(t, Sql["AuditMoveHead"], ct, ("@sequence", sequence), ("@hash", prev)).ConfigureAwait(false);
                return entries;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.MaxResults is < 1 or > AuditQuery.MaxPage)
        {
            throw CrucibleException.Invalid($"Invalid value {query.MaxResults} for 'max_results': expected 1 to {AuditQuery.MaxPage}.");
        }

        var sql = new StringBuilder(Sql["AuditSelect"]);
        var parameters = new List<(string, object?)> { ("@after", Math.Max(0, query.AfterSequence)) };
        if (query.Actor is { } actor)
        {
            sql.Append(" AND actor = @actor");
            parameters.Add(("@actor", actor));
        }

        if (!string.IsNullOrEmpty(query.ActionPrefix))
        {
            sql.Append(" AND substr(action, 1, @prefix_length) = @prefix");
            parameters.Add(("@prefix_length", query.ActionPrefix.Length));
            parameters.Add(("@prefix", query.ActionPrefix));
        }

        if (query.SinceMs is { } since)
        {
            sql.Append(" AND time_ms >= @since");
            parameters.Add(("@since", since));
        }

        if (query.UntilMs is { } until)
        {
            sql.Append(" AND time_ms < @until");
            parameters.Add(("@until", until));
        }

        if (query.Outcome is { } outcome)
        {
            sql.Append(" AND outcome = @outcome");
            parameters.Add(("@outcome", outcome));
        }

        sql.Append(" ORDER BY sequence LIMIT @limit");
        parameters.Add(("@limit", query.MaxResults));
        var text = sql.ToString();
        return _db.ReadAsync<IReadOnlyList<AuditEntry>>(
            async (c, t, ct) => await c.QueryAsync(t, text, ReadEntry, ct, [.. parameters]).ConfigureAwait(false),
            cancellationToken);
    }

    /// <inheritdoc />
    public Task<AuditHead> HeadAsync(CancellationToken cancellationToken = default) =>
        _db.ReadAsync(
            async (c, t, ct) =>
            {
                var heads = await c.QueryAsync(t, Sql["AuditHead"], ReadHead, ct).ConfigureAwait(false);
                // A deleted head row (triggers dropped) reads as an empty chain, which verify then reports against the rows.
                return heads.Count == 1 ? heads[0] : new AuditHead(0, AuditChain.Genesis);
            },
            cancellationToken);

    private static AuditHead ReadHead(DbDataReader r) => new(r.Int64(0), r.GetString(1));

    private static AuditEntry ReadEntry(DbDataReader r) => new(
        r.Int64(0),
        r.Int64(1),
        r.GetString(2),
        r.GetString(3),
        r.NullableString(4),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7),
        (int)r.Int64(8),
        r.NullableString(9),
        r.NullableString(10),
        r.GetString(11),
        r.GetString(12));
}
