namespace Crucible.Core.Pipelines;

/// <summary>
/// Pipelines and their runs. Unknown names and run ids are <c>ResourceDoesNotExist</c>. Step logs longer than
/// <see cref="MaxLogChars"/> keep their end (the tail is what explains a failure).
/// </summary>
public interface IPipelineStore
{
    /// <summary>The most characters of a step's log that are stored.</summary>
    const int MaxLogChars = 64 * 1024;

    /// <summary>Creates the pipeline (in the default workspace) or replaces its YAML; returns the stored pipeline.</summary>
    Task<PipelineDefinition> SavePipelineAsync(string name, string yaml, CancellationToken cancellationToken) =>
        SavePipelineAsync(name, yaml, Security.Caller.DefaultWorkspace, cancellationToken);

    /// <summary>
    /// Creates the pipeline in <paramref name="workspace"/> or replaces its YAML there; a pipeline of that name in
    /// another workspace is <c>ResourceAlreadyExists</c> (names are unique across workspaces, and the owner never changes).
    /// </summary>
    Task<PipelineDefinition> SavePipelineAsync(string name, string yaml, string workspace, CancellationToken cancellationToken);

    Task<PipelineDefinition> GetPipelineAsync(string name, CancellationToken cancellationToken);

    /// <summary>All pipelines by name.</summary>
    Task<IReadOnlyList<PipelineDefinition>> ListPipelinesAsync(CancellationToken cancellationToken);

    /// <summary>Records a queued run with its steps pending; returns it with a generated id.</summary>
    Task<PipelineRun> CreateRunAsync(NewPipelineRun run, CancellationToken cancellationToken);

    /// <summary>
    /// Records a queued run like <see cref="CreateRunAsync"/>, unless a run with the same <see cref="NewPipelineRun.DedupeKey"/>
    /// exists (any replica may have started it): then returns null.
    /// </summary>
    Task<PipelineRun?> TryCreateRunAsync(NewPipelineRun run, CancellationToken cancellationToken);

    /// <summary>How many runs of <paramref name="pipeline"/> are queued or running (on any replica).</summary>
    Task<int> CountUnfinishedRunsAsync(string pipeline, CancellationToken cancellationToken);

    /// <summary>
    /// Marks failed the runs created before <paramref name="createdBeforeMs"/> that are queued or running while no
    /// replica holds a live <c>pipeline-run:ID</c> work claim on them (the replica running them died or lost the
    /// database); the error is <paramref name="error"/> plus the last holder. Returns the runs' ids.
    /// </summary>
    Task<IReadOnlyList<string>> FailAbandonedRunsAsync(string error, long nowMs, long createdBeforeMs, CancellationToken cancellationToken);

    /// <summary>Sets a run's status, times and error.</summary>
    Task UpdateRunAsync(string runId, string status, long? startTimeMs, long? endTimeMs, string? error, CancellationToken cancellationToken);

    /// <summary>Replaces the recorded state of one step of a run (matched by step id).</summary>
    Task UpdateStepAsync(string runId, PipelineStepRun step, CancellationToken cancellationToken);

    /// <summary>The run with its steps.</summary>
    Task<PipelineRun> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>A pipeline's runs newest first, without their steps.</summary>
    Task<IReadOnlyList<PipelineRun>> ListRunsAsync(string pipeline, int maxResults, CancellationToken cancellationToken);

    /// <summary>Marks runs left queued or running (by a process that stopped) failed with <paramref name="error"/>; returns how many.</summary>
    Task<int> FailUnfinishedRunsAsync(string error, long nowMs, CancellationToken cancellationToken);
}
