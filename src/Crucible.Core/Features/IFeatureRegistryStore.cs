namespace Crucible.Core.Features;

/// <summary>
/// One applied version of a feature project: its definition files (a JSON object of file name to YAML text), their
/// digest, and the workspace that owns the project.
/// </summary>
public sealed record FeatureProjectVersion(string Project, long Version, string FilesJson, string Digest, string Workspace, long CreationTimeMs);

/// <summary>
/// Feature projects (sets of feature definition files), versioned: applying different files adds a version, the same
/// files again return the latest. Project names are unique across workspaces; an unknown project or version is
/// <c>ResourceDoesNotExist</c>.
/// </summary>
public interface IFeatureRegistryStore
{
    Task<(FeatureProjectVersion Version, bool Created)> ApplyAsync(string project, string filesJson, string digest, string workspace, CancellationToken cancellationToken);

    /// <summary>A version of a project; null: the latest.</summary>
    Task<FeatureProjectVersion> GetAsync(string project, long? version, CancellationToken cancellationToken);

    /// <summary>The latest version of every project, by name.</summary>
    Task<IReadOnlyList<FeatureProjectVersion>> ListAsync(CancellationToken cancellationToken);
}
