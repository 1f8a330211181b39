using Crucible.Core.Tracking;

namespace Crucible.Core.LoggedModels;

/// <summary>
/// MLflow 3's <c>LoggedModelStatus</c>: created with its files still uploading, ready, or failed to upload
/// (wire names <c>LOGGED_MODEL_PENDING</c>, <c>LOGGED_MODEL_READY</c>, <c>LOGGED_MODEL_UPLOAD_FAILED</c>).
/// </summary>
public enum LoggedModelStatus
{
    Pending,
    Ready,
    Failed,
}

/// <summary>
/// A model logged to an experiment (MLflow 3): its own id (<c>m-</c> + 32 hex), artifact folder
/// (<c>&lt;experiment artifact location&gt;/models/&lt;model_id&gt;/artifacts</c>), params, tags, and the run
/// metrics linked to it by <c>model_id</c>.
/// </summary>
public sealed record LoggedModel(
    string ModelId,
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    LoggedModelStatus Status,
    string? StatusMessage,
    string? SourceRunId,
    string? ModelType,
    LifecycleStage LifecycleStage,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<Param> Params)
{
    /// <summary>Run metric values logged with this model's id (key, value, step, run_id...).</summary>
    public IReadOnlyList<LoggedModelMetric> Metrics { get; init; } = [];
}

/// <summary>A metric value linked to a logged model, with the run it was logged to.</summary>
public sealed record LoggedModelMetric(string RunId, Metric Metric);

public sealed record CreateLoggedModelRequest(
    string ExperimentId,
    string? Name,
    string? ModelType,
    string? SourceRunId,
    IReadOnlyList<Param> Params,
    IReadOnlyList<Tag> Tags);

/// <summary>A run's model output (MLflow's <c>ModelOutput</c>): the logged model it produced and at which step.</summary>
public sealed record LoggedModelOutput(string ModelId, long Step);

/// <summary>An order-by term of a logged-model search: an attribute (<c>creation_time</c>, <c>name</c>...) and direction.</summary>
public sealed record LoggedModelOrder(string Field, bool Ascending);

public sealed record LoggedModelSearchQuery(
    IReadOnlyList<string> ExperimentIds,
    string? Filter,
    int MaxResults,
    IReadOnlyList<LoggedModelOrder> OrderBy,
    string? PageToken);
