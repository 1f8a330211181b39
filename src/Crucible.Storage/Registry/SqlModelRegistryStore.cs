using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Registry;

/// <summary>The model registry on SQLite or PostgreSQL: registered models and their tags (versions and aliases in partial files).</summary>
internal sealed partial class SqlModelRegistryStore(IDbExecutor db, TimeProvider time) : IModelRegistryStore
{
    private readonly RegistryLoader _load = new(db.Dialect.Statements);

    private SqlStatements Sql => db.Dialect.Statements;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, IReadOnlyList<Tag> tags, string? description, string workspace, CancellationToken cancellationToken)
    {
        RegistryLimits.ModelName(name);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                if (await _load.FindIdAsync(c, t, name, ct).ConfigureAwait(false) is not null)
                {
                    throw AlreadyExists(name);
                }

                var id = (await c.ScalarAsync(t, Sql["InsertRegisteredModel"], ct, ("@name", name), ("@now", Now), ("@description", description), ("@user_id", null), ("@workspace", workspace)).ConfigureAwait(false))!;
                foreach (var tag in tags)
                {
                    await c.ExecuteAsync(t, Sql["UpsertRegisteredModelTag"], ct, ("@id", id), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
                }

                return await _load.LoadModelAsync(c, t, Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        db.ReadAsync(
            async (c, t, ct) => await _load.LoadModelAsync(c, t, await _load.RequireIdAsync(c, t, name, ct).ConfigureAwait(false), ct).ConfigureAwait(false),
            cancellationToken);

    public Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken)
    {
        RegistryLimits.ModelName(newName);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var id = await _load.RequireIdAsync(c, t, name, ct).ConfigureAwait(false);
                if (newName != name && await _load.FindIdAsync(c, t, newName, ct).ConfigureAwait(false) is not null)
                {
                    throw AlreadyExists(newName);
                }

                await c.ExecuteAsync(t, Sql["RenameRegisteredModel"], ct, ("@id", id), ("@name", newName), ("@now", Now)).ConfigureAwait(false);
                return await _load.LoadModelAsync(c, t, id, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var id = await _load.RequireIdAsync(c, t, name, ct).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["UpdateRegisteredModelDescription"], ct, ("@id", id), ("@description", description), ("@now", Now)).ConfigureAwait(false);
                return await _load.LoadModelAsync(c, t, id, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var id = await _load.RequireIdAsync(c, t, name, ct).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["DeleteRegisteredModel"], ct, ("@id", id)).ConfigureAwait(false);
            },
            cancellationToken);

    public Task SetRegisteredModelTagAsync(string name, Tag tag, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var id = await _load.RequireIdAsync(c, t, name, ct).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["TouchRegisteredModel"], ct, ("@id", id), ("@now", Now)).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["UpsertRegisteredModelTag"], ct, ("@id", id), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
            },
            cancellationToken);

    /// <summary>As MLflow: deleting a tag that is not there is not an error; an unknown model is.</summary>
    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var id = await _load.RequireIdAsync(c, t, name, ct).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["DeleteRegisteredModelTag"], ct, ("@id", id), ("@key", key)).ConfigureAwait(false);
            },
            cancellationToken);

    private static CrucibleException AlreadyExists(string name) => CrucibleException.AlreadyExists($"Registered Model (name={name}) already exists.");
}
