using Crucible.Core.Coordination;
using Crucible.Core.Errors;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Coordination;

/// <summary>Work claims in the <c>work_claims</c> table of the metadata database (migration 0020), on SQLite or PostgreSQL.</summary>
internal sealed class SqlWorkClaims(IDbExecutor db, TimeProvider time, string holder) : IWorkClaims
{
    private SqlStatements Sql => db.Dialect.Statements;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public string Holder => holder;

    public Task<bool> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken)
    {
        Guard.Required(key, "key");
        var now = Now;
        return db.WriteAsync(
            async (c, t, ct) => (await c.QueryAsync(
                t, Sql["ClaimWork"], r => r.GetString(0), ct,
                ("@key", key), ("@holder", holder), ("@now", now), ("@expires", now + (long)lease.TotalMilliseconds)).ConfigureAwait(false)).Count == 1,
            cancellationToken);
    }

    public Task<bool> RenewAsync(string key, TimeSpan lease, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) => await c.ExecuteAsync(
                t, Sql["RenewWork"], ct, ("@key", key), ("@holder", holder), ("@expires", Now + (long)lease.TotalMilliseconds)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task ReleaseAsync(string key, CancellationToken cancellationToken) =>
        db.WriteAsync((c, t, ct) => c.ExecuteAsync(t, Sql["ReleaseWork"], ct, ("@key", key), ("@holder", holder)), cancellationToken);

    public Task CompleteAsync(string key, CancellationToken cancellationToken) =>
        db.WriteAsync((c, t, ct) => c.ExecuteAsync(t, Sql["CompleteWork"], ct, ("@key", key), ("@holder", holder), ("@now", Now)), cancellationToken);

    public Task<WorkClaim?> GetAsync(string key, CancellationToken cancellationToken) =>
        db.ReadAsync(
            async (c, t, ct) => (await c.QueryAsync(
                t, Sql["GetWorkClaim"], r => new WorkClaim(r.GetString(0), r.GetString(1), r.Int64(2), (int)r.Int64(3), r.NullableInt64(4)), ct, ("@key", key)).ConfigureAwait(false))
                .SingleOrDefault(),
            cancellationToken);

    public Task<int> ForgetDoneAsync(long beforeMs, CancellationToken cancellationToken) =>
        db.WriteAsync((c, t, ct) => c.ExecuteAsync(t, Sql["ForgetDoneWork"], ct, ("@before", beforeMs)), cancellationToken);
}
