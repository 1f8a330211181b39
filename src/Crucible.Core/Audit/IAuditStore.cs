namespace Crucible.Core.Audit;

/// <summary>
/// The append-only audit trail. Appends are serialized across threads, processes and replicas so the chain stays
/// linear: each entry's <see cref="AuditEntry.PrevHash"/> is the hash of the entry with the previous sequence number.
/// There is no update and no delete.
/// </summary>
public interface IAuditStore
{
    /// <summary>Appends <paramref name="events"/> in order, in one transaction, and returns them as chained entries.</summary>
    Task<IReadOnlyList<AuditEntry>> AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Entries matching <paramref name="query"/>, in sequence order, at most <see cref="AuditQuery.MaxResults"/>.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>The head row: the last appended sequence and hash.</summary>
    Task<AuditHead> HeadAsync(CancellationToken cancellationToken = default);
}
