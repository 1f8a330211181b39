namespace Crucible.Pipelines.Specs;

/// <summary>
/// A validated pipeline: its name, declared parameters with their defaults, triggers, and steps in run order (every
/// step after the steps it needs, otherwise in file order).
/// </summary>
public sealed record PipelineSpec(
    string Name,
    IReadOnlyDictionary<string, string> Params,
    PipelineTriggers Triggers,
    IReadOnlyList<StepSpec> Steps)
{
    /// <summary>The workspace the pipeline belongs to (not written in the file): its runs create experiments, models, deployments and monitors there.</summary>
    public string Workspace { get; init; } = Core.Security.Caller.DefaultWorkspace;
}

/// <summary>How runs start besides by hand (always allowed): every <see cref="Every"/>, and on a retraining signal of <see cref="SignalDeployment"/>.</summary>
public sealed record PipelineTriggers(TimeSpan? Every, string? SignalDeployment)
{
    public static PipelineTriggers ManualOnly { get; } = new(null, null);
}

/// <summary>
/// One step: its id, type, the ids of the steps it needs (written in <c>needs</c>, named by a
/// <c>${steps.X...}</c> reference or by a gate's <c>evaluation</c>), its settings as written (substituted when it runs),
/// and where it starts in the file.
/// </summary>
public sealed record StepSpec(string Id, string Type, IReadOnlyList<string> Needs, StepSettings Settings, int Line, int Column);
