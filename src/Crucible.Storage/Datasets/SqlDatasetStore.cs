using System.Data.Common;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Datasets;

/// <summary>
/// Datasets on SQLite or PostgreSQL. A registration is one transaction: create the dataset row if needed, lock
/// it, return the version already holding the digest if there is one, else allocate the next number and insert.
/// The lock serializes registrations of one name, so numbers are consecutive and a digest is never stored twice.
/// </summary>
internal sealed class SqlDatasetStore(IDbExecutor db, TimeProvider time) : IDatasetStore
{
    private SqlStatements Sql => db.Dialect.Statements;

    public Task<DatasetRegistration> RegisterVersionAsync(NewDatasetVersion version, CancellationToken cancellationToken)
    {
        DatasetLimits.Validate(version);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var parents = version.Provenance.Parents is { Count: > 0 } list ? string.Join(',', list.Select(p => p.ToString())) : null;
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                foreach (var parent in version.Provenance.Parents ?? [])
                {
                    if (await c.ScalarAsync(t, Sql["DatasetVersionExists"], ct, ("@name", parent.Name), ("@version", parent.Version)).ConfigureAwait(false) is null)
                    {
                        throw CrucibleException.NotFound($"Parent dataset version {parent} does not exist.");
                    }
                }

                await c.ExecuteAsync(t, Sql["EnsureDataset"], ct, ("@name", version.Name), ("@now", now), ("@workspace", version.Workspace)).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["LockDataset"], ct, ("@name", version.Name)).ConfigureAwait(false);
                var existing = await c.QueryAsync(t, Sql["GetDatasetVersionByDigest"], DatasetRows.Read, ct, ("@name", version.Name), ("@digest", version.Digest)).ConfigureAwait(false);
                if (existing.Count == 1)
                {
                    return new DatasetRegistration(existing[0], Created: false);
                }

                var number = Convert.ToInt64(await c.ScalarAsync(t, Sql["AllocateDatasetVersion"], ct, ("@name", version.Name), ("@now", now)).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
                var p = version.Provenance;
                var rows = await c.QueryAsync(
                    t,
                    Sql["InsertDatasetVersion"],
                    DatasetRows.Read,
                    ct,
                    ("@name", version.Name),
                    ("@version", number),
                    ("@digest", version.Digest),
                    ("@source_uri", version.SourceUri),
                    ("@artifact_location", version.ArtifactLocation),
                    ("@format", DatasetLimits.Format(version.Format)),
                    ("@row_count", version.RowCount),
                    ("@size_bytes", version.SizeBytes),
                    ("@schema_json", version.SchemaJson),
                    ("@profile_json", version.ProfileJson),
                    ("@owner", p.Owner),
                    ("@license", p.License),
                    ("@description", p.Description),
                    ("@parents", parents),
                    ("@transform", p.Transform),
                    ("@now", now)).ConfigureAwait(false);
                return new DatasetRegistration(rows[0], Created: true);
            },
            cancellationToken);
    }

    public Task<DatasetVersion> GetVersionAsync(string name, long version, CancellationToken cancellationToken)
    {
        DatasetLimits.Name(name);
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["GetDatasetVersion"], DatasetRows.Read, ct, ("@name", name), ("@version", version)).ConfigureAwait(false);
                return rows.Count == 1 ? rows[0] : throw CrucibleException.NotFound($"Dataset version {name}@{version} does not exist.");
            },
            cancellationToken);
    }

    public Task<DatasetVersion?> FindByDigestAsync(string name, string digest, CancellationToken cancellationToken)
    {
        DatasetLimits.Name(name);
        ArgumentNullException.ThrowIfNull(digest);
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["GetDatasetVersionByDigest"], DatasetRows.Read, ct, ("@name", name), ("@digest", digest)).ConfigureAwait(false);
                return rows.Count == 1 ? rows[0] : null;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DatasetVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        DatasetLimits.Name(name);
        return db.ReadAsync<IReadOnlyList<DatasetVersion>>(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["ListDatasetVersions"], DatasetRows.Read, ct, ("@name", name)).ConfigureAwait(false);
                return rows.Count > 0 ? rows : throw CrucibleException.NotFound($"Dataset '{name}' does not exist.");
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DatasetSummary>> ListDatasetsAsync(CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<DatasetSummary>>(
            async (c, t, ct) =>
            {
                var rows = await c.QueryAsync(t, Sql["ListDatasets"], r => new DatasetSummary(r.GetString(0), r.Int64(1), r.Int64(2), r.Int64(3)), ct).ConfigureAwait(false);
                return [.. rows.OrderBy(d => d.Name, StringComparer.Ordinal)];
            },
            cancellationToken);

    public Task<DatasetVersion> DeleteVersionAsync(string name, long version, CancellationToken cancellationToken)
    {
        DatasetLimits.Name(name);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                await c.ExecuteAsync(t, Sql["LockDataset"], ct, ("@name", name)).ConfigureAwait(false);
                var rows = await c.QueryAsync(t, Sql["GetDatasetVersion"], DatasetRows.Read, ct, ("@name", name), ("@version", version)).ConfigureAwait(false);
                var found = rows.Count == 1 ? rows[0] : throw CrucibleException.NotFound($"Dataset version {name}@{version} does not exist.");
                await RefuseIfParentAsync(c, t, name, [version], sameDatasetCounts: true, ct).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["DeleteDatasetVersion"], ct, ("@name", name), ("@version", version)).ConfigureAwait(false);
                return found;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<DatasetVersion>> DeleteDatasetAsync(string name, CancellationToken cancellationToken)
    {
        DatasetLimits.Name(name);
        return db.WriteAsync<IReadOnlyList<DatasetVersion>>(
            async (c, t, ct) =>
            {
                await c.ExecuteAsync(t, Sql["LockDataset"], ct, ("@name", name)).ConfigureAwait(false);
                if (await c.ScalarAsync(t, Sql["DatasetExists"], ct, ("@name", name)).ConfigureAwait(false) is null)
                {
                    throw CrucibleException.NotFound($"Dataset '{name}' does not exist.");
                }

                var versions = await c.QueryAsync(t, Sql["ListDatasetVersions"], DatasetRows.Read, ct, ("@name", name)).ConfigureAwait(false);
                await RefuseIfParentAsync(c, t, name, [.. versions.Select(v => v.Version)], sameDatasetCounts: false, ct).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["DeleteDatasetVersions"], ct, ("@name", name)).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["DeleteDataset"], ct, ("@name", name)).ConfigureAwait(false);
                return versions;
            },
            cancellationToken);
    }

    /// <summary>Throws <c>ResourceConflict</c> naming the versions whose parents include one of <paramref name="versions"/>.</summary>
    private async Task RefuseIfParentAsync(DbConnection c, DbTransaction? t, string name, IReadOnlyCollection<long> versions, bool sameDatasetCounts, CancellationToken ct)
    {
        var candidates = await c.QueryAsync(
            t,
            Sql["ListDatasetChildCandidates"],
            r => (Name: r.GetString(0), Version: r.Int64(1), Parents: r.GetString(2)),
            ct,
            ("@pattern", "%" + name + "@%")).ConfigureAwait(false);
        var children = candidates
            .Where(child => sameDatasetCounts ? !(child.Name == name && versions.Contains(child.Version)) : child.Name != name)
            .Where(child => child.Parents.Split(',').Select(DatasetLimits.Parent).Any(p => p.Name == name && versions.Contains(p.Version)))
            .Select(child => new DatasetParent(child.Name, child.Version).ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
        if (children.Count > 0)
        {
            throw new CrucibleException(
                ErrorCode.ResourceConflict,
                $"Cannot delete {(versions.Count == 1 ? $"{name}@{versions.First()}" : $"dataset '{name}'")}: it is the parent of {string.Join(", ", children.Take(20))}{(children.Count > 20 ? $" and {children.Count - 20} more" : string.Empty)}. Delete those first; lineage never points at a deleted version.");
        }
    }
}

/// <summary>Maps dataset version rows.</summary>
internal static class DatasetRows
{
    public static DatasetVersion Read(DbDataReader r) => new(
        r.GetString(0),
        r.Int64(1),
        r.GetString(2),
        r.NullableString(3),
        r.GetString(4),
        r.GetString(5),
        r.Int64(6),
        r.Int64(7),
        r.GetString(8),
        r.GetString(9),
        new DatasetProvenance(
            r.NullableString(10),
            r.NullableString(11),
            r.NullableString(12),
            r.NullableString(13) is { } parents ? [.. parents.Split(',').Select(DatasetLimits.Parent)] : [],
            r.NullableString(14)),
        r.Int64(15));
}
