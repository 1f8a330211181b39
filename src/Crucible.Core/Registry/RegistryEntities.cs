using Crucible.Core.Tracking;

namespace Crucible.Core.Registry;

/// <summary>A named model in the registry: its versions' latest per stage, tags and aliases.</summary>
public sealed record RegisteredModel(
    string Name,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string? Description,
    IReadOnlyList<ModelVersion> LatestVersions,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<ModelAlias> Aliases);

/// <summary>An alias (such as <c>champion</c>) and the version number it points to.</summary>
public sealed record ModelAlias(string Alias, string Version);

/// <summary>
/// One version of a registered model. <see cref="Source"/> is where its files are (MLflow's
/// <c>get-download-uri</c> answers it); <see cref="RunId"/> is the run it came from, the root of its lineage.
/// </summary>
public sealed record ModelVersion(
    string Name,
    string Version,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string CurrentStage,
    string? Description,
    string Source,
    string? RunId,
    string Status,
    string? StatusMessage,
    IReadOnlyList<Tag> Tags,
    string? RunLink,
    IReadOnlyList<string> Aliases,
    string? ModelId);

/// <summary>A file of a model package and the SHA-256 recorded for it at registration.</summary>
public sealed record PackageFile(string Path, string Sha256, long Size);

/// <summary>What registration recorded about a version's package: its files and a JSON description (signature, producer, opsets).</summary>
public sealed record ModelPackageRecord(IReadOnlyList<PackageFile> Files, string? Description);

/// <summary>Everything needed to create a version; <see cref="Package"/> is stored in the same transaction as the version row.</summary>
public sealed record CreateModelVersionRequest(
    string Name,
    string Source,
    string? RunId,
    IReadOnlyList<Tag> Tags,
    string? RunLink,
    string? Description,
    string? ModelId)
{
    public string? UserId { get; init; }

    public ModelPackageRecord? Package { get; init; }
}

/// <summary>A search of registered models or model versions, with MLflow's filter and order_by grammar.</summary>
public sealed record RegistrySearchQuery(string? Filter, int MaxResults, IReadOnlyList<string> OrderBy, string? PageToken);
