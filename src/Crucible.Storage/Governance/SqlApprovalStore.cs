using System.Data.Common;
using Crucible.Core.Errors;
using Crucible.Core.Governance;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Governance;

/// <summary>Approval requests on SQLite or PostgreSQL; a decision only applies to a request still pending.</summary>
internal sealed class SqlApprovalStore(IDbExecutor db, TimeProvider time) : IApprovalStore
{
    private SqlStatements Sql => db.Dialect.Statements;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<ApprovalRequest> CreateAsync(string model, string version, string targetKind, string targetName, string requester, string cardDigest, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                await c.ExecuteAsync(
                    t, Sql["InsertApprovalRequest"], ct,
                    ("@id", id), ("@model", model), ("@version", version), ("@target_kind", targetKind), ("@target_name", targetName),
                    ("@requester", requester), ("@card_digest", cardDigest), ("@now", Now)).ConfigureAwait(false);
                return await LoadAsync(c, t, id, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<ApprovalRequest> GetAsync(string id, CancellationToken cancellationToken)
    {
        Guard.Required(id, "id");
        return db.ReadAsync((c, t, ct) => LoadAsync(c, t, id, ct), cancellationToken);
    }

    public Task<IReadOnlyList<ApprovalRequest>> ListAsync(string model, int maxResults, CancellationToken cancellationToken)
    {
        Guard.Required(model, "name");
        var limit = Guard.PageSize(maxResults, 100, IApprovalStore.MaxList);
        return db.ReadAsync<IReadOnlyList<ApprovalRequest>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["ListApprovalRequests"], Read, ct, ("@model", model), ("@limit", (long)limit)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<ApprovalRequest?> FindAsync(string model, string version, string targetKind, string targetName, string status, CancellationToken cancellationToken) =>
        db.ReadAsync<ApprovalRequest?>(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(
                    t, Sql["FindApprovalRequest"], Read, ct,
                    ("@model", model), ("@version", version), ("@target_kind", targetKind), ("@target_name", targetName), ("@status", status)).ConfigureAwait(false);
                return rows.Count == 0 ? null : rows[0];
            },
            cancellationToken);

    public Task<ApprovalRequest> DecideAsync(string id, string status, string decider, string? reason, CancellationToken cancellationToken)
    {
        Guard.Required(id, "id");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var updated = await c.ExecuteAsync(t, Sql["DecideApprovalRequest"], ct, ("@id", id), ("@status", status), ("@decider", decider), ("@reason", reason), ("@now", Now)).ConfigureAwait(false);
                var request = await LoadAsync(c, t, id, ct).ConfigureAwait(false);
                return updated == 1
                    ? request
                    : throw new CrucibleException(ErrorCode.ResourceConflict, $"Approval request '{id}' was already {request.Status} by {request.Decider}.");
            },
            cancellationToken);
    }

    private async Task<ApprovalRequest> LoadAsync(DbConnection c, DbTransaction? t, string id, CancellationToken ct)
    {
        var rows = await c.QueryAsync(t, Sql["GetApprovalRequest"], Read, ct, ("@id", id)).ConfigureAwait(false);
        return rows.Count == 1 ? rows[0] : throw CrucibleException.NotFound($"Approval request '{id}' does not exist.");
    }

    private static ApprovalRequest Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7),
        r.NullableString(8), r.NullableString(9), r.Int64(10), r.NullableInt64(11));
}
