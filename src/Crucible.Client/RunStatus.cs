namespace Crucible.Client;

/// <summary>A run's status (MLflow's <c>RunStatus</c>).</summary>
public enum RunStatus
{
    /// <summary>The run is in progress.</summary>
    Running,

    /// <summary>The run is queued and has not started.</summary>
    Scheduled,

    /// <summary>The run ended successfully.</summary>
    Finished,

    /// <summary>The run ended with an error.</summary>
    Failed,

    /// <summary>The run was stopped before it ended.</summary>
    Killed,
}
