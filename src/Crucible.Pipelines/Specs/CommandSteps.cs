namespace Crucible.Pipelines.Specs;

/// <summary>Which steps of a pipeline run a program of the author's choosing (today: <c>train</c> with <c>command</c>).</summary>
public static class CommandSteps
{
    /// <summary>The ids of the steps that run a command, in run order.</summary>
    public static IReadOnlyList<string> In(PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return [.. spec.Steps.Where(IsCommand).Select(s => s.Id)];
    }

    public static bool IsCommand(StepSpec step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Type == StepTypes.Train && step.Settings.Has("command");
    }
}
