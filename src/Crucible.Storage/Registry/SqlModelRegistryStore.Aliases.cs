using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Registry;

/// <summary>Aliases: one row per (model, alias), so moving an alias is a single UPSERT and readers see the old or the new version, never none or two.</summary>
internal sealed partial class SqlModelRegistryStore
{
    public Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken)
    {
        RegistryLimits.Alias(alias);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var (id, number) = await _load.RequireVersionAsync(c, t, name, version, ct).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["TouchRegisteredModel"], ct, ("@id", id), ("@now", Now)).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["UpsertAlias"], ct, ("@id", id), ("@alias", alias), ("@version", number)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        Guard.Required(alias, "alias");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var id = await _load.RequireIdAsync(c, t, name, ct).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["DeleteAlias"], ct, ("@id", id), ("@alias", alias)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<ModelVersion> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        Guard.Required(alias, "alias");
        return db.ReadAsync(
            async (c, t, ct) =>
            {
                // MLflow looks the alias up without checking the model first, so an unknown model is INVALID_PARAMETER_VALUE too.
                var notFound = CrucibleException.Invalid($"Registered model alias {alias} not found.");
                var id = await _load.FindIdAsync(c, t, name, ct).ConfigureAwait(false) ?? throw notFound;
                var version = await c.ScalarAsync(t, Sql["GetAlias"], ct, ("@id", id), ("@alias", alias)).ConfigureAwait(false) ?? throw notFound;
                var number = Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture);
                return await _load.LoadVersionAsync(c, t, id, number, ct).ConfigureAwait(false)
                    ?? throw RegistryLoader.VersionNotFound(name, RegistryLoader.VersionText(number));
            },
            cancellationToken);
    }
}
