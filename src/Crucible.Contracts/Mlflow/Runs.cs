namespace Crucible.Contracts.Mlflow;

public sealed record RunInfoDto(
    string RunId,
    string RunUuid,
    string RunName,
    string ExperimentId,
    string UserId,
    string Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage);

public sealed record MetricDto(string? Key, double? Value, long? Timestamp, long? Step)
{
    public string? ModelId { get; init; }

    public string? DatasetName { get; init; }

    public string? DatasetDigest { get; init; }

    public string? RunId { get; init; }
}

public sealed record RunDataDto(IReadOnlyList<MetricDto>? Metrics, IReadOnlyList<KeyValue>? Params, IReadOnlyList<KeyValue>? Tags);

public sealed record DatasetDto(string? Name, string? Digest, string? SourceType, string? Source, string? Schema, string? Profile);

public sealed record DatasetInputDto(IReadOnlyList<KeyValue>? Tags, DatasetDto? Dataset);

public sealed record RunInputsDto(IReadOnlyList<DatasetInputDto>? DatasetInputs);

public sealed record RunDto(RunInfoDto Info, RunDataDto Data, RunInputsDto Inputs)
{
    /// <summary>MLflow 3's <c>outputs.model_outputs</c>; omitted when the run produced no logged model.</summary>
    public RunOutputsDto? Outputs { get; init; }
}

public sealed record RunResponse(RunDto Run);

public sealed record CreateRunRequest(string? ExperimentId, string? UserId, string? RunName, long? StartTime, IReadOnlyList<KeyValue>? Tags);

public sealed record RunIdRequest(string? RunId, string? RunUuid);

public sealed record UpdateRunRequest(string? RunId, string? RunUuid, string? Status, long? EndTime, string? RunName);

public sealed record UpdateRunResponse(RunInfoDto RunInfo);

public sealed record SearchRunsRequest(
    IReadOnlyList<string>? ExperimentIds,
    string? Filter,
    string? RunViewType,
    int? MaxResults,
    IReadOnlyList<string>? OrderBy,
    string? PageToken);

public sealed record SearchRunsResponse(IReadOnlyList<RunDto>? Runs, string? NextPageToken);

public sealed record LogMetricRequest(string? RunId, string? RunUuid, string? Key, double? Value, long? Timestamp, long? Step)
{
    public string? ModelId { get; init; }

    public string? DatasetName { get; init; }

    public string? DatasetDigest { get; init; }
}

public sealed record LogParamRequest(string? RunId, string? RunUuid, string? Key, string? Value);

public sealed record SetTagRequest(string? RunId, string? RunUuid, string? Key, string? Value);

public sealed record DeleteTagRequest(string? RunId, string? Key);

public sealed record LogBatchRequest(string? RunId, IReadOnlyList<MetricDto>? Metrics, IReadOnlyList<KeyValue>? Params, IReadOnlyList<KeyValue>? Tags);

public sealed record LogInputsRequest(string? RunId, IReadOnlyList<DatasetInputDto>? Datasets);

public sealed record GetMetricHistoryRequest(string? RunId, string? RunUuid, string? MetricKey, int? MaxResults, string? PageToken);

public sealed record GetMetricHistoryResponse(IReadOnlyList<MetricDto>? Metrics, string? NextPageToken);

/// <summary>MLflow's <c>metrics/get-history-bulk-interval</c>: one metric of several runs, sampled to at most <c>max_results</c> steps.</summary>
public sealed record GetMetricHistoryBulkIntervalRequest(IReadOnlyList<string>? RunIds, string? MetricKey, long? StartStep, long? EndStep, int? MaxResults);

public sealed record GetMetricHistoryBulkIntervalResponse(IReadOnlyList<MetricDto>? Metrics);
