namespace Crucible.Pipelines.Running;

/// <summary>
/// One step type's implementation. It reads its (already substituted) settings from the context, writes what it
/// does to the context's log, registers how to undo any change it makes outside the run (<see cref="StepContext.OnRollback"/>),
/// and returns its outputs. Throwing fails the step; <see cref="PipelineStepException"/>'s message is shown as is.
/// </summary>
public interface IPipelineStep
{
    /// <summary>The step type it implements, e.g. <c>train</c>.</summary>
    string Type { get; }

    Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken);
}
