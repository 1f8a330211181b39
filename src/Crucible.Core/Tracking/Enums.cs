namespace Crucible.Core.Tracking;

public enum LifecycleStage
{
    Active,
    Deleted,
}

public enum RunStatus
{
    Running,
    Scheduled,
    Finished,
    Failed,
    Killed,
}

/// <summary>Which lifecycle stages a search returns (MLflow's <c>ViewType</c>).</summary>
public enum ViewType
{
    ActiveOnly,
    DeletedOnly,
    All,
}
