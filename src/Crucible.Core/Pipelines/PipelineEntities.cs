namespace Crucible.Core.Pipelines;

/// <summary>A stored pipeline: its name and the YAML text it was created from (validated before it was stored).</summary>
public sealed record PipelineDefinition(string Name, string Yaml, long CreationTimeMs, long LastUpdatedTimeMs)
{
    /// <summary>The workspace that owns the pipeline, and so what its runs create.</summary>
    public string Workspace { get; init; } = Security.Caller.DefaultWorkspace;
}

/// <summary>The states of a pipeline run and of its steps.</summary>
public static class PipelineStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>A step that never ran because an earlier step failed.</summary>
    public const string Skipped = "skipped";

    /// <summary>A step whose effect was undone after a later step failed (deploy, promote).</summary>
    public const string Compensated = "compensated";

    public static bool IsFinished(string status) => status is Succeeded or Failed;
}

/// <summary>One step of a pipeline run as recorded: status, times, a bounded log and its outputs (a JSON object of strings).</summary>
public sealed record PipelineStepRun(
    string StepId,
    string Type,
    string Status,
    long? StartTimeMs,
    long? EndTimeMs,
    string Log,
    string OutputsJson)
{
    public long? DurationMs => StartTimeMs is { } s && EndTimeMs is { } e ? e - s : null;
}

/// <summary>
/// One run of a pipeline: what started it (<c>manual</c>, <c>schedule</c>, <c>retraining_signal:ID</c>), the
/// parameters it ran with (a JSON object of strings), its status and times, the error that stopped it, and its steps in
/// the order they run (empty in lists).
/// </summary>
public sealed record PipelineRun(
    string Id,
    string Pipeline,
    string Trigger,
    string Status,
    string ParamsJson,
    long CreationTimeMs,
    long? StartTimeMs,
    long? EndTimeMs,
    string? Error,
    IReadOnlyList<PipelineStepRun> Steps)
{
    public long? DurationMs => StartTimeMs is { } s && EndTimeMs is { } e ? e - s : null;
}

/// <summary>
/// What the runner records when it accepts a run: the steps in run order, all pending. A <paramref name="DedupeKey"/>
/// (a schedule period, a retraining signal) makes the run unique across replicas.
/// </summary>
public sealed record NewPipelineRun(string Pipeline, string Trigger, string ParamsJson, IReadOnlyList<(string StepId, string Type)> Steps, string? DedupeKey = null);
