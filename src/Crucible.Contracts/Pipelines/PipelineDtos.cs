using System.Text.Json.Serialization;

namespace Crucible.Contracts.Pipelines;

/// <summary>The body of <c>POST /api/crucible/v1/pipelines</c> and <c>/pipelines/validate</c> as JSON (a YAML body works too).</summary>
public sealed record PipelineRequest
{
    public string? Yaml { get; init; }
}

/// <summary>One problem in a pipeline file (1-based line and column).</summary>
public sealed record PipelineErrorDto(int Line, int Column, string Message);

/// <summary>A step of a pipeline as validated: id, type and the steps it runs after.</summary>
public sealed record PipelineStepDto(string Id, string Type, IReadOnlyList<string> Needs);

/// <summary>A pipeline: its YAML and what it declares (run order, params with defaults, triggers).</summary>
public sealed record PipelineDto(
    string Name,
    string Yaml,
    IReadOnlyDictionary<string, string> Params,
    string? Schedule,
    string? OnRetrainingSignal,
    IReadOnlyList<PipelineStepDto> Steps,
    long CreationTimestamp,
    long LastUpdatedTimestamp);

public sealed record PipelineResponse(PipelineDto Pipeline);

public sealed record PipelinesResponse(IReadOnlyList<PipelineDto> Pipelines);

/// <summary>The answer of <c>/pipelines/validate</c>: valid, or every problem with its position.</summary>
public sealed record ValidatePipelineResponse(bool Valid, string? Name, IReadOnlyList<PipelineErrorDto> Errors, IReadOnlyList<PipelineStepDto>? Steps);

/// <summary>The body of <c>POST /api/crucible/v1/pipelines/{name}/runs</c>: parameter overrides.</summary>
public sealed record StartPipelineRunRequest
{
    public IReadOnlyDictionary<string, string>? Params { get; init; }
}

/// <summary>A recorded step of a run: status, times, duration, bounded log and outputs.</summary>
public sealed record PipelineStepRunDto(
    string StepId,
    string Type,
    string Status,
    long? StartTime,
    long? EndTime,
    long? DurationMs,
    string Log,
    IReadOnlyDictionary<string, string> Outputs);

/// <summary>A pipeline run; <see cref="Steps"/> is null in lists.</summary>
public sealed record PipelineRunDto(
    string RunId,
    string Pipeline,
    string Trigger,
    string Status,
    IReadOnlyDictionary<string, string> Params,
    long CreationTimestamp,
    long? StartTime,
    long? EndTime,
    long? DurationMs,
    string? Error,
    IReadOnlyList<PipelineStepRunDto>? Steps);

public sealed record PipelineRunResponse(PipelineRunDto Run);

public sealed record PipelineRunsResponse(IReadOnlyList<PipelineRunDto> Runs);

/// <summary>What a <c>notify</c> step posts: <c>{"event": "pipeline.notify", ...}</c>.</summary>
public sealed record PipelineNotification(string Event, string Pipeline, string RunId, string Message, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Outputs);

/// <summary>Source-generated JSON for the pipelines API: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(PipelineRequest))]
[JsonSerializable(typeof(PipelineResponse))]
[JsonSerializable(typeof(PipelinesResponse))]
[JsonSerializable(typeof(ValidatePipelineResponse))]
[JsonSerializable(typeof(StartPipelineRunRequest))]
[JsonSerializable(typeof(PipelineRunResponse))]
[JsonSerializable(typeof(PipelineRunsResponse))]
[JsonSerializable(typeof(PipelineNotification))]
public sealed partial class PipelinesJsonContext : JsonSerializerContext;
