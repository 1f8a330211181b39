namespace Crucible.Contracts.Mlflow;

/// <summary>MLflow's <c>RegisteredModel</c> message.</summary>
public sealed record RegisteredModelDto(
    string Name,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string? Description,
    IReadOnlyList<ModelVersionDto>? LatestVersions,
    IReadOnlyList<KeyValue>? Tags,
    IReadOnlyList<RegisteredModelAliasDto>? Aliases);

/// <summary>An alias and the version it points to.</summary>
public sealed record RegisteredModelAliasDto(string Alias, string Version);

/// <summary>MLflow's <c>ModelVersion</c> message.</summary>
public sealed record ModelVersionDto(
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
    IReadOnlyList<KeyValue>? Tags,
    string? RunLink,
    IReadOnlyList<string>? Aliases,
    string? ModelId);

public sealed record CreateRegisteredModelRequest(string? Name, IReadOnlyList<KeyValue>? Tags, string? Description);

public sealed record RegisteredModelResponse(RegisteredModelDto RegisteredModel);

public sealed record RegisteredModelNameRequest(string? Name);

public sealed record RenameRegisteredModelRequest(string? Name, string? NewName);

public sealed record UpdateRegisteredModelRequest(string? Name, string? Description);

public sealed record SearchRegisteredModelsRequest(string? Filter, int? MaxResults, IReadOnlyList<string>? OrderBy, string? PageToken);

public sealed record SearchRegisteredModelsResponse(IReadOnlyList<RegisteredModelDto>? RegisteredModels, string? NextPageToken);

public sealed record GetLatestVersionsRequest(string? Name, IReadOnlyList<string>? Stages);

public sealed record SetRegisteredModelTagRequest(string? Name, string? Key, string? Value);

public sealed record DeleteRegisteredModelTagRequest(string? Name, string? Key);

public sealed record SetRegisteredModelAliasRequest(string? Name, string? Alias, string? Version);

public sealed record RegisteredModelAliasRequest(string? Name, string? Alias);
