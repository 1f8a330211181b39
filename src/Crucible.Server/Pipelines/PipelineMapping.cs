using Crucible.Contracts.Pipelines;
using Crucible.Core.Pipelines;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;

namespace Crucible.Server.Pipelines;

/// <summary>Pipelines and runs as the API shows them.</summary>
internal static class PipelineMapping
{
    public static PipelineDto ToDto(PipelineDefinition definition, PipelineSpec spec) => new(
        definition.Name,
        definition.Yaml,
        spec.Params,
        spec.Triggers.Every is { } every ? Duration(every) : null,
        spec.Triggers.SignalDeployment,
        Steps(spec),
        definition.CreationTimeMs,
        definition.LastUpdatedTimeMs);

    public static IReadOnlyList<PipelineStepDto> Steps(PipelineSpec spec) => [.. spec.Steps.Select(s => new PipelineStepDto(s.Id, s.Type, s.Needs))];

    public static PipelineRunDto ToDto(PipelineRun run, bool withSteps) => new(
        run.Id,
        run.Pipeline,
        run.Trigger,
        run.Status,
        PipelineJson.Read(run.ParamsJson),
        run.CreationTimeMs,
        run.StartTimeMs,
        run.EndTimeMs,
        run.DurationMs,
        run.Error,
        withSteps ? [.. run.Steps.Select(s => new PipelineStepRunDto(s.StepId, s.Type, s.Status, s.StartTimeMs, s.EndTimeMs, s.DurationMs, s.Log, PipelineJson.Read(s.OutputsJson)))] : null);

    /// <summary>A schedule period as written in pipeline files (<c>90m</c>, <c>1h</c>, <c>1d</c>).</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0}d"
        : span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0}h"
        : span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{span.TotalMinutes:0}m"
        : $"{span.TotalSeconds:0}s";
}
