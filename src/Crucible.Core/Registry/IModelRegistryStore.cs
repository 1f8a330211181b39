using Crucible.Core.Tracking;

namespace Crucible.Core.Registry;

/// <summary>
/// The model registry: registered models, their versions, tags and aliases. Errors follow MLflow's codes and
/// wording: unknown models and versions are <c>ResourceDoesNotExist</c>, duplicates <c>ResourceAlreadyExists</c>.
/// </summary>
public interface IModelRegistryStore
{
    /// <summary>Creates the model in the default workspace.</summary>
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, IReadOnlyList<Tag> tags, string? description, CancellationToken cancellationToken) =>
        CreateRegisteredModelAsync(name, tags, description, Security.Caller.DefaultWorkspace, cancellationToken);

    /// <summary>Creates the model in <paramref name="workspace"/>, which owns it from then on.</summary>
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, IReadOnlyList<Tag> tags, string? description, string workspace, CancellationToken cancellationToken);

    Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken);

    Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken);

    Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken);

    /// <summary>Deletes the model with all its versions, tags and aliases.</summary>
    Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken);

    Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(RegistrySearchQuery query, CancellationToken cancellationToken);

    Task SetRegisteredModelTagAsync(string name, Tag tag, CancellationToken cancellationToken);

    Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken);

    /// <summary>Points <paramref name="alias"/> at a version, moving it atomically if it pointed elsewhere.</summary>
    Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken);

    Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken);

    /// <summary>The version an alias points to; an unknown model is <c>InvalidParameterValue</c>, as in MLflow.</summary>
    Task<ModelVersion> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken);

    /// <summary>The newest version per stage, for the given stages or all of them.</summary>
    Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string> stages, CancellationToken cancellationToken);

    /// <summary>Creates the next version (numbers are distinct and consecutive even under concurrent creators).</summary>
    Task<ModelVersion> CreateModelVersionAsync(CreateModelVersionRequest request, CancellationToken cancellationToken);

    Task<ModelVersion> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken);

    Task<ModelVersion> UpdateModelVersionAsync(string name, string version, string? description, CancellationToken cancellationToken);

    Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken);

    Task<Page<ModelVersion>> SearchModelVersionsAsync(RegistrySearchQuery query, CancellationToken cancellationToken);

    Task SetModelVersionTagAsync(string name, string version, Tag tag, CancellationToken cancellationToken);

    Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken);

    /// <summary>Moves a version to a stage; with <paramref name="archiveExisting"/>, other versions in that stage become Archived.</summary>
    Task<ModelVersion> TransitionStageAsync(string name, string version, string stage, bool archiveExisting, CancellationToken cancellationToken);

    /// <summary>The package files and description recorded at registration, or null for a version registered without one.</summary>
    Task<ModelPackageRecord?> GetPackageAsync(string name, string version, CancellationToken cancellationToken);

    /// <summary>Versions whose source run logged a dataset with this name (and digest, when given) as an input.</summary>
    Task<IReadOnlyList<ModelVersion>> FindVersionsTrainedOnAsync(string datasetName, string? digest, CancellationToken cancellationToken);
}
