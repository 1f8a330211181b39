using Crucible.Core.Serving;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Serving;

/// <summary>
/// Deployments on SQLite or PostgreSQL, one row each. Every write is a single statement whose result says what
/// happened (created or not, updated or not), so there is no read-then-write window: a duplicate create is an
/// <c>ON CONFLICT DO NOTHING</c> that returns no row, and a conditional update carries its expected revision in
/// the <c>WHERE</c> clause.
/// </summary>
internal sealed class SqlDeploymentStore(IDbExecutor db, TimeProvider time) : IDeploymentStore
{
    private SqlStatements Sql => db.Dialect.Statements;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<Deployment> CreateDeploymentAsync(DeploymentSpec spec, CancellationToken cancellationToken)
    {
        spec.Validate();
        (string Name, object? Value)[] parameters = [.. DeploymentRows.Parameters(spec, Now), ("@workspace", spec.Workspace)];
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["InsertDeployment"], DeploymentRows.Read, ct, parameters).ConfigureAwait(false);
                return rows.Count == 1 ? rows[0] : throw DeploymentRows.AlreadyExists(spec.Name);
            },
            cancellationToken);
    }

    public Task<Deployment> GetDeploymentAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["GetDeployment"], DeploymentRows.Read, ct, ("@name", name)).ConfigureAwait(false);
                return rows.Count == 1 ? rows[0] : throw DeploymentRows.NotFound(name);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<Deployment>> ListDeploymentsAsync(CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<Deployment>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["ListDeployments"], DeploymentRows.Read, ct).ConfigureAwait(false),
            cancellationToken);

    public Task<Deployment> UpdateDeploymentAsync(DeploymentSpec spec, long? expectedRevision, CancellationToken cancellationToken)
    {
        spec.Validate();
        var parameters = DeploymentRows.Parameters(spec, Now);
        var (statement, allParameters) = expectedRevision is { } expected
            ? (Sql["UpdateDeploymentIfRevision"], [.. parameters, ("@expected_revision", expected)])
            : (Sql["UpdateDeployment"], parameters);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, statement, DeploymentRows.Read, ct, allParameters).ConfigureAwait(false);
                if (rows.Count == 1)
                {
                    return rows[0];
                }

                // Nothing updated: the deployment is gone, or (only with an expected revision) it moved on.
                var actual = await c.ScalarAsync(t, Sql["GetDeploymentRevision"], ct, ("@name", spec.Name)).ConfigureAwait(false);
                throw actual is null || expectedRevision is null
                    ? DeploymentRows.NotFound(spec.Name)
                    : DeploymentRows.Conflict(spec.Name, Convert.ToInt64(actual, System.Globalization.CultureInfo.InvariantCulture), expectedRevision.Value);
            },
            cancellationToken);
    }

    public Task DeleteDeploymentAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var deleted = await c.ExecuteAsync(t, Sql["DeleteDeployment"], ct, ("@name", name)).ConfigureAwait(false);
                return deleted == 1 ? deleted : throw DeploymentRows.NotFound(name);
            },
            cancellationToken);
    }
}
