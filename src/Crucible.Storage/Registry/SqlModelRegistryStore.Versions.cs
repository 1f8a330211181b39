using System.Globalization;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Registry;

/// <summary>
/// Model versions. The next number comes from an <c>UPDATE ... RETURNING</c> on the model's counter: on
/// PostgreSQL the row lock serializes concurrent creators, on SQLite the single writer does; numbers are never reused.
/// </summary>
internal sealed partial class SqlModelRegistryStore
{
    public Task<ModelVersion> CreateModelVersionAsync(CreateModelVersionRequest request, CancellationToken cancellationToken)
    {
        RegistryLimits.ModelName(request.Name);
        Guard.Required(request.Source, "source");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var id = await _load.RequireIdAsync(c, t, request.Name, ct).ConfigureAwait(false);
                var now = Now;
                var allocated = await c.ScalarAsync(t, Sql["AllocateVersion"], ct, ("@id", id), ("@now", now)).ConfigureAwait(false)
                    ?? throw CrucibleException.NotFound($"Registered Model with name={request.Name} not found");
                var number = Convert.ToInt64(allocated, CultureInfo.InvariantCulture);
                await c.ExecuteAsync(
                    t,
                    Sql["InsertModelVersion"],
                    ct,
                    ("@id", id),
                    ("@version", number),
                    ("@now", now),
                    ("@description", request.Description),
                    ("@user_id", request.UserId),
                    ("@source", request.Source),
                    ("@run_id", string.IsNullOrEmpty(request.RunId) ? null : request.RunId),
                    ("@run_link", request.RunLink),
                    ("@logged_model_id", request.ModelId),
                    ("@package", request.Package?.Description)).ConfigureAwait(false);
                foreach (var tag in request.Tags)
                {
                    await c.ExecuteAsync(t, Sql["UpsertModelVersionTag"], ct, ("@id", id), ("@version", number), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
                }

                foreach (var file in request.Package?.Files ?? [])
                {
                    await c.ExecuteAsync(t, Sql["InsertModelVersionFile"], ct, ("@id", id), ("@version", number), ("@path", file.Path), ("@sha256", file.Sha256), ("@size", file.Size)).ConfigureAwait(false);
                }

                return (await _load.LoadVersionAsync(c, t, id, number, ct).ConfigureAwait(false))!;
            },
            cancellationToken);
    }

    public Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken) =>
        db.ReadAsync((c, t, ct) => _load.RequireVersionEntityAsync(c, t, name, version, ct), cancellationToken);

    public Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var (id, number) = await _load.RequireVersionAsync(c, t, name, version, ct).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["UpdateModelVersionDescription"], ct, ("@id", id), ("@version", number), ("@description", description), ("@now", Now)).ConfigureAwait(false);
                return (await _load.LoadVersionAsync(c, t, id, number, ct).ConfigureAwait(false))!;
            },
            cancellationToken);

    /// <summary>Deletes the version with its tags, aliases and file records (foreign keys cascade).</summary>
    public Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var (id, number) = await _load.RequireVersionAsync(c, t, name, version, ct).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["TouchRegisteredModel"], ct, ("@id", id), ("@now", Now)).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["DeleteModelVersion"], ct, ("@id", id), ("@version", number)).ConfigureAwait(false);
            },
            cancellationToken);

    public Task SetModelVersionTagAsync(string name, string version, Tag tag, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var (id, number) = await _load.RequireVersionAsync(c, t, name, version, ct).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["TouchModelVersion"], ct, ("@id", id), ("@version", number), ("@now", Now)).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["UpsertModelVersionTag"], ct, ("@id", id), ("@version", number), ("@key", tag.Key), ("@value", tag.Value)).ConfigureAwait(false);
            },
            cancellationToken);

    public Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (c, t, ct) =>
            {
                var (id, number) = await _load.RequireVersionAsync(c, t, name, version, ct).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["DeleteModelVersionTag"], ct, ("@id", id), ("@version", number), ("@key", key)).ConfigureAwait(false);
            },
            cancellationToken);

    public Task<ModelVersion> TransitionStageAsync(string name, string version, string stage, bool archiveExisting, CancellationToken cancellationToken)
    {
        var canonical = ModelStages.Canonical(stage);
        if (archiveExisting && canonical is not (ModelStages.Staging or ModelStages.Production))
        {
            throw CrucibleException.Invalid($"Model version transition cannot archive existing model versions because '{canonical}' is not a Model Registry stage.");
        }

        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var (id, number) = await _load.RequireVersionAsync(c, t, name, version, ct).ConfigureAwait(false);
                var now = Now;
                if (archiveExisting)
                {
                    await c.ExecuteAsync(t, Sql["ArchiveOtherVersionsInStage"], ct, ("@id", id), ("@version", number), ("@stage", canonical), ("@now", now)).ConfigureAwait(false);
                }

                await c.ExecuteAsync(t, Sql["SetModelVersionStage"], ct, ("@id", id), ("@version", number), ("@stage", canonical), ("@now", now)).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["TouchRegisteredModel"], ct, ("@id", id), ("@now", now)).ConfigureAwait(false);
                return (await _load.LoadVersionAsync(c, t, id, number, ct).ConfigureAwait(false))!;
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string> stages, CancellationToken cancellationToken)
    {
        var wanted = stages.Select(ModelStages.Canonical).ToHashSet(StringComparer.Ordinal);
        return db.ReadAsync<IReadOnlyList<ModelVersion>>(
            async (c, t, ct) =>
            {
                var model = await _load.LoadModelAsync(c, t, await _load.RequireIdAsync(c, t, name, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
                return model.LatestVersions.Where(v => wanted.Count == 0 || wanted.Contains(v.CurrentStage)).ToList();
            },
            cancellationToken);
    }

    public Task<ModelPackageRecord?> GetPackageAsync(string name, string version, CancellationToken cancellationToken) =>
        db.ReadAsync(
            async (c, t, ct) =>
            {
                var (id, number) = await _load.RequireVersionAsync(c, t, name, version, ct).ConfigureAwait(false);
                var files = await c.QueryAsync(t, Sql["GetModelVersionFiles"], r => new PackageFile(r.GetString(0), r.GetString(1), r.Int64(2)), ct, ("@id", id), ("@version", number)).ConfigureAwait(false);
                var description = (string?)await c.ScalarAsync(t, Sql["GetModelVersionPackage"], ct, ("@id", id), ("@version", number)).ConfigureAwait(false);
                return files.Count == 0 && description is null ? null : new ModelPackageRecord(files, description);
            },
            cancellationToken);

    public Task<IReadOnlyList<ModelVersion>> FindVersionsTrainedOnAsync(string datasetName, string? digest, CancellationToken cancellationToken)
    {
        Guard.Required(datasetName, "dataset_name");
        return db.ReadAsync<IReadOnlyList<ModelVersion>>(
            async (c, t, ct) =>
            {
                var keys = await c.QueryAsync(t, Sql["VersionsTrainedOn"], r => (r.Int64(0), r.Int64(1)), ct, ("@name", datasetName), ("@digest", digest ?? string.Empty)).ConfigureAwait(false);
                var versions = new List<ModelVersion>(keys.Count);
                foreach (var (id, number) in keys)
                {
                    versions.Add((await _load.LoadVersionAsync(c, t, id, number, ct).ConfigureAwait(false))!);
                }

                return versions;
            },
            cancellationToken);
    }
}
