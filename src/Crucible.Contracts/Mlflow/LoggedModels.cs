using System.Text.Json;

namespace Crucible.Contracts.Mlflow;

// MLflow 3 logged models, field names as in mlflow/protos/service.proto (LoggedModel, LoggedModelInfo,
// LoggedModelData, CreateLoggedModel, FinalizeLoggedModel, SearchLoggedModels, SetLoggedModelTags,
// LogLoggedModelParamsRequest, LogOutputs, RunOutputs, ModelOutput).

/// <summary><c>LoggedModelInfo</c>. <see cref="Status"/> is the proto enum name, e.g. <c>LOGGED_MODEL_READY</c>.</summary>
public sealed record LoggedModelInfoDto(
    string ModelId,
    string ExperimentId,
    string Name,
    long CreationTimestampMs,
    long LastUpdatedTimestampMs,
    string ArtifactUri,
    string Status,
    string? ModelType,
    string? SourceRunId,
    string? StatusMessage,
    IReadOnlyList<KeyValue>? Tags);

/// <summary><c>LoggedModelData</c>: params and the run metrics linked to the model.</summary>
public sealed record LoggedModelDataDto(IReadOnlyList<KeyValue>? Params, IReadOnlyList<MetricDto>? Metrics);

public sealed record LoggedModelDto(LoggedModelInfoDto Info, LoggedModelDataDto Data);

/// <summary>The response of create, get, finalize and set-tags: <c>{"model": {...}}</c>.</summary>
public sealed record LoggedModelResponse(LoggedModelDto Model);

public sealed record CreateLoggedModelRequest(
    string? ExperimentId,
    string? Name,
    string? ModelType,
    string? SourceRunId,
    IReadOnlyList<KeyValue>? Params,
    IReadOnlyList<KeyValue>? Tags);

/// <summary><c>FinalizeLoggedModel</c>: the status may come as the enum name or its number.</summary>
public sealed record FinalizeLoggedModelRequest(string? ModelId, JsonElement? Status);

public sealed record LoggedModelIdRequest(string? ModelId);

public sealed record SetLoggedModelTagsRequest(string? ModelId, IReadOnlyList<KeyValue>? Tags);

public sealed record LogLoggedModelParamsRequest(string? ModelId, IReadOnlyList<KeyValue>? Params);

public sealed record LoggedModelOrderByDto(string? FieldName, bool? Ascending, string? DatasetName, string? DatasetDigest);

public sealed record LoggedModelDatasetDto(string? DatasetName, string? DatasetDigest);

public sealed record SearchLoggedModelsRequest(
    IReadOnlyList<string>? ExperimentIds,
    string? Filter,
    IReadOnlyList<LoggedModelDatasetDto>? Datasets,
    int? MaxResults,
    IReadOnlyList<LoggedModelOrderByDto>? OrderBy,
    string? PageToken);

public sealed record SearchLoggedModelsResponse(IReadOnlyList<LoggedModelDto>? Models, string? NextPageToken);

/// <summary><c>ModelOutput</c>: a logged model a run produced, and at which step.</summary>
public sealed record ModelOutputDto(string? ModelId, long? Step);

public sealed record LogOutputsRequest(string? RunId, IReadOnlyList<ModelOutputDto>? Models);

/// <summary><c>RunOutputs</c>, the <c>outputs</c> field of a run.</summary>
public sealed record RunOutputsDto(IReadOnlyList<ModelOutputDto>? ModelOutputs);
