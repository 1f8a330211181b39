using System.Data.Common;
using Crucible.Core.Errors;
using Crucible.Core.Features;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Features;

/// <summary>Feature projects and their versions on SQLite or PostgreSQL; an apply reads the latest and inserts the next in one write transaction.</summary>
internal sealed class SqlFeatureRegistryStore(IDbExecutor db, TimeProvider time) : IFeatureRegistryStore
{
    private SqlStatements Sql => db.Dialect.Statements;

    public Task<(FeatureProjectVersion Version, bool Created)> ApplyAsync(string project, string filesJson, string digest, string workspace, CancellationToken cancellationToken)
    {
        Guard.Required(project, "name");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var latest = (await c.QueryAsync(t, Sql["LatestFeatureProject"], Read, ct, ("@name", project)).ConfigureAwait(false)).FirstOrDefault();
                if (latest is not null && latest.Workspace != workspace)
                {
                    throw CrucibleException.AlreadyExists($"A feature project named '{project}' already exists in another workspace; feature project names are unique across workspaces.");
                }

                if (latest is not null && latest.Digest == digest)
                {
                    return (latest, false);
                }

                var version = (latest?.Version ?? 0) + 1;
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                await c.ExecuteAsync(
                    t, Sql["InsertFeatureProject"], ct,
                    ("@name", project), ("@version", version), ("@workspace", workspace), ("@files", filesJson), ("@digest", digest), ("@now", now)).ConfigureAwait(false);
                return (new FeatureProjectVersion(project, version, filesJson, digest, workspace, now), true);
            },
            cancellationToken);
    }

    public Task<FeatureProjectVersion> GetAsync(string project, long? version, CancellationToken cancellationToken)
    {
        Guard.Required(project, "name");
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = version is { } v
                    ? await c.QueryAsync(t, Sql["GetFeatureProject"], Read, ct, ("@name", project), ("@version", v)).ConfigureAwait(false)
                    : await c.QueryAsync(t, Sql["LatestFeatureProject"], Read, ct, ("@name", project)).ConfigureAwait(false);
                return rows.Count == 1
                    ? rows[0]
                    : throw CrucibleException.NotFound(version is null ? $"Feature project '{project}' does not exist." : $"Feature project '{project}' has no version {version}.");
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<FeatureProjectVersion>> ListAsync(CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<FeatureProjectVersion>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["ListFeatureProjects"], Read, ct).ConfigureAwait(false),
            cancellationToken);

    private static FeatureProjectVersion Read(DbDataReader r) => new(r.GetString(0), r.Int64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.Int64(5));
}
