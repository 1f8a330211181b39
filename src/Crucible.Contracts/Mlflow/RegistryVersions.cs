namespace Crucible.Contracts.Mlflow;

public sealed record CreateModelVersionRequest(
    string? Name,
    string? Source,
    string? RunId,
    IReadOnlyList<KeyValue>? Tags,
    string? RunLink,
    string? Description,
    string? ModelId);

public sealed record ModelVersionResponse(ModelVersionDto ModelVersion);

public sealed record ModelVersionsResponse(IReadOnlyList<ModelVersionDto>? ModelVersions);

public sealed record ModelVersionKeyRequest(string? Name, string? Version);

public sealed record UpdateModelVersionRequest(string? Name, string? Version, string? Description);

public sealed record SearchModelVersionsRequest(string? Filter, int? MaxResults, IReadOnlyList<string>? OrderBy, string? PageToken);

public sealed record SearchModelVersionsResponse(IReadOnlyList<ModelVersionDto>? ModelVersions, string? NextPageToken);

public sealed record TransitionModelVersionStageRequest(string? Name, string? Version, string? Stage, bool? ArchiveExistingVersions);

public sealed record GetModelVersionDownloadUriResponse(string ArtifactUri);

public sealed record SetModelVersionTagRequest(string? Name, string? Version, string? Key, string? Value);

public sealed record DeleteModelVersionTagRequest(string? Name, string? Version, string? Key);
