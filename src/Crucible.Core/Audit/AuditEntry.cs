namespace Crucible.Core.Audit;

/// <summary>
/// What happened, as the request path records it; the store adds the sequence number, the time and the hashes.
/// </summary>
/// <param name="Actor">The caller's name (<c>local</c> when auth is off, <c>anonymous</c> without credentials).</param>
/// <param name="ActorKind">The caller's kind (<c>User</c>, <c>ServiceAccount</c>, <c>System</c>...).</param>
/// <param name="TokenId">The id of the token the caller used, never its secret; null for passwords and no auth.</param>
/// <param name="Workspace">The caller's workspace.</param>
/// <param name="Action">HTTP method and route pattern (<c>POST /api/2.0/mlflow/runs/create</c>) or a named event.</param>
/// <param name="Target">A small JSON object of the ids the request named (route values and top-level id fields).</param>
/// <param name="Outcome">The HTTP status answered (a refusal is an outcome too).</param>
/// <param name="RemoteAddress">The peer's IP address, when known.</param>
/// <param name="RequestId">The request's id (its <c>X-Request-Id</c> header, else the server's trace identifier).</param>
public sealed record AuditEvent(
    string Actor,
    string ActorKind,
    string? TokenId,
    string Workspace,
    string Action,
    string Target,
    int Outcome,
    string? RemoteAddress,
    string? RequestId);

/// <summary>
/// One row of the audit trail: an <see cref="AuditEvent"/> with its place in the chain. <see cref="Hash"/> is
/// <see cref="AuditChain.Hash"/> of every other field, <see cref="PrevHash"/> included, so changing, inserting or
/// removing a row breaks the chain at that row.
/// </summary>
public sealed record AuditEntry(
    long Sequence,
    long TimeMs,
    string Actor,
    string ActorKind,
    string? TokenId,
    string Workspace,
    string Action,
    string Target,
    int Outcome,
    string? RemoteAddress,
    string? RequestId,
    string PrevHash,
    string Hash)
{
    /// <summary>The entry that follows <paramref name="prevHash"/> at <paramref name="sequence"/>, hashed.</summary>
    public static AuditEntry Chain(long sequence, long timeMs, AuditEvent e, string prevHash)
    {
        ArgumentNullException.ThrowIfNull(e);
        var entry = new AuditEntry(
            sequence, timeMs, e.Actor, e.ActorKind, e.TokenId, e.Workspace, e.Action, e.Target, e.Outcome, e.RemoteAddress, e.RequestId, prevHash, string.Empty);
        return entry with { Hash = AuditChain.Hash(entry) };
    }
}

/// <summary>The last entry of the chain as the store's head row records it (sequence 0 and the genesis hash when empty).</summary>
public sealed record AuditHead(long Sequence, string Hash);

/// <summary>Filters of an audit listing; every one is optional. Entries come in sequence order after <see cref="AfterSequence"/>.</summary>
public sealed record AuditQuery
{
    /// <summary>The most entries a page may hold.</summary>
    public const int MaxPage = 1000;

    public string? Actor { get; init; }

    /// <summary>Entries whose action starts with this text (e.g. <c>POST /api/2.0/mlflow/runs</c>).</summary>
    public string? ActionPrefix { get; init; }

    /// <summary>Inclusive lower time bound (Unix ms).</summary>
    public long? SinceMs { get; init; }

    /// <summary>Exclusive upper time bound (Unix ms).</summary>
    public long? UntilMs { get; init; }

    public int? Outcome { get; init; }

    /// <summary>Paging: only entries with a larger sequence number.</summary>
    public long AfterSequence { get; init; }

    public int MaxResults { get; init; } = 100;
}

/// <summary>The answer of a chain verification.</summary>
/// <param name="Intact">True when every entry recomputes to its hash, links to its predecessor and the head row matches the last one.</param>
/// <param name="EntriesChecked">How many entries were read.</param>
/// <param name="FirstBadSequence">The first sequence where the chain breaks (an edited row, or the position of a removed one); null when intact.</param>
/// <param name="Problem">What is wrong there, for a person; null when intact.</param>
/// <param name="Head">The head row: publish its hash elsewhere to detect a rewrite of the whole tail later.</param>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? FirstBadSequence, string? Problem, AuditHead Head);
