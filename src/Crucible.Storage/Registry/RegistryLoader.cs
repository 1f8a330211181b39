using System.Data.Common;
using System.Globalization;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Registry;

/// <summary>Reads registry rows into entities, on whatever connection and transaction the caller holds.</summary>
internal sealed class RegistryLoader(SqlStatements sql)
{
    public static string VersionText(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The surrogate id of a model, or null when there is no model with that name. Inside a write transaction the
    /// model row is locked (PostgreSQL), so writes to one model and its deletion are serialized.
    /// </summary>
    public async Task<long?> FindIdAsync(DbConnection c, DbTransaction? t, string name, CancellationToken ct)
    {
        var statement = t is null ? sql["GetRegisteredModel"] : sql["LockRegisteredModel"];
        var rows = await c.QueryAsync(t, statement, r => r.Int64(0), ct, ("@name", name)).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<long> RequireIdAsync(DbConnection c, DbTransaction? t, string name, CancellationToken ct) =>
        await FindIdAsync(c, t, name, ct).ConfigureAwait(false)
            ?? throw CrucibleException.NotFound($"Registered Model with name={name} not found");

    /// <summary>Throws MLflow's not-found error when the version does not exist.</summary>
    public async Task<(long Id, long Version)> RequireVersionAsync(DbConnection c, DbTransaction? t, string name, string version, CancellationToken ct)
    {
        var number = RegistryLimits.Version(version);
        var id = await RequireIdAsync(c, t, name, ct).ConfigureAwait(false);
        var exists = await c.ScalarAsync(t, sql["ModelVersionExists"], ct, ("@id", id), ("@version", number)).ConfigureAwait(false) is not null;
        return exists ? (id, number) : throw VersionNotFound(name, version);
    }

    public static CrucibleException VersionNotFound(string name, string version) =>
        CrucibleException.NotFound($"Model Version (name={name}, version={version}) not found");

    public async Task<RegisteredModel> LoadModelAsync(DbConnection c, DbTransaction? t, long id, CancellationToken ct)
    {
        var rows = await c.QueryAsync(
            t,
            sql["GetRegisteredModelById"],
            r => new RegisteredModel(r.GetString(1), r.Int64(2), r.Int64(3), r.NullableString(5), r.NullableString(4), [], [], []),
            ct,
            ("@id", id)).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            throw CrucibleException.NotFound($"Registered Model with id={id} not found");
        }

        var tags = await c.QueryAsync(t, sql["GetRegisteredModelTags"], r => new Tag(r.GetString(0), r.GetString(1)), ct, ("@id", id)).ConfigureAwait(false);
        var aliases = await c.QueryAsync(t, sql["GetAliases"], r => new ModelAlias(r.GetString(0), VersionText(r.Int64(1))), ct, ("@id", id)).ConfigureAwait(false);
        var latestNumbers = await c.QueryAsync(t, sql["GetLatestVersionNumbers"], r => r.Int64(0), ct, ("@id", id)).ConfigureAwait(false);
        var latest = new List<ModelVersion>(latestNumbers.Count);
        foreach (var number in latestNumbers.Order())
        {
            latest.Add((await LoadVersionAsync(c, t, id, number, ct).ConfigureAwait(false))!);
        }

        return rows[0] with { Tags = tags, Aliases = aliases, LatestVersions = latest };
    }

    public async Task<ModelVersion?> LoadVersionAsync(DbConnection c, DbTransaction? t, long id, long version, CancellationToken ct)
    {
        var rows = await c.QueryAsync(t, sql["GetModelVersion"], ReadVersion, ct, ("@id", id), ("@version", version)).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        var tags = await c.QueryAsync(t, sql["GetModelVersionTags"], r => new Tag(r.GetString(0), r.GetString(1)), ct, ("@id", id), ("@version", version)).ConfigureAwait(false);
        var aliases = await c.QueryAsync(t, sql["GetVersionAliases"], r => r.GetString(0), ct, ("@id", id), ("@version", version)).ConfigureAwait(false);
        return rows[0] with { Tags = tags, Aliases = aliases };
    }

    public async Task<ModelVersion> RequireVersionEntityAsync(DbConnection c, DbTransaction? t, string name, string version, CancellationToken ct)
    {
        var number = RegistryLimits.Version(version);
        var id = await RequireIdAsync(c, t, name, ct).ConfigureAwait(false);
        return await LoadVersionAsync(c, t, id, number, ct).ConfigureAwait(false) ?? throw VersionNotFound(name, version);
    }

    private static ModelVersion ReadVersion(DbDataReader r) => new(
        Name: r.GetString(0),
        Version: VersionText(r.Int64(1)),
        CreationTimestamp: r.Int64(2),
        LastUpdatedTimestamp: r.Int64(3),
        UserId: r.NullableString(4),
        CurrentStage: r.GetString(5),
        Description: r.NullableString(6),
        Source: r.GetString(7),
        RunId: r.NullableString(8),
        Status: r.GetString(9),
        StatusMessage: r.NullableString(10),
        Tags: [],
        RunLink: r.NullableString(11),
        Aliases: [],
        ModelId: r.NullableString(12));
}
