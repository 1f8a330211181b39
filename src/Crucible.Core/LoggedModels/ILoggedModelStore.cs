using Crucible.Core.Tracking;

namespace Crucible.Core.LoggedModels;

/// <summary>
/// MLflow 3 logged models and the runs' model outputs. A deleted model is gone for every call
/// (<c>ResourceDoesNotExist</c>), as in MLflow.
/// </summary>
public interface ILoggedModelStore
{
    /// <summary>Creates a <c>PENDING</c> model in an active experiment; a missing name gets a generated one.</summary>
    Task<LoggedModel> CreateAsync(CreateLoggedModelRequest request, CancellationToken cancellationToken);

    /// <summary>Throws <c>ResourceDoesNotExist</c> for an unknown or deleted model.</summary>
    Task<LoggedModel> GetAsync(string modelId, CancellationToken cancellationToken);

    Task<LoggedModel> FinalizeAsync(string modelId, LoggedModelStatus status, CancellationToken cancellationToken);

    /// <summary>Soft-deletes the model (its files stay where they are, as in MLflow).</summary>
    Task DeleteAsync(string modelId, CancellationToken cancellationToken);

    /// <summary>Sets (inserts or overwrites) tags.</summary>
    Task<LoggedModel> SetTagsAsync(string modelId, IReadOnlyList<Tag> tags, CancellationToken cancellationToken);

    Task DeleteTagAsync(string modelId, string key, CancellationToken cancellationToken);

    /// <summary>Logs params; a param that already has a different value fails the call with <c>InvalidParameterValue</c>.</summary>
    Task LogParamsAsync(string modelId, IReadOnlyList<Param> parameters, CancellationToken cancellationToken);

    Task<Page<LoggedModel>> SearchAsync(LoggedModelSearchQuery query, CancellationToken cancellationToken);

    /// <summary>Records models as outputs of a run; every model must exist. Logging the same (model, step) again is a no-op.</summary>
    Task LogOutputsAsync(string runId, IReadOnlyList<LoggedModelOutput> outputs, CancellationToken cancellationToken);

    /// <summary>The run's model outputs (empty for an unknown run).</summary>
    Task<IReadOnlyList<LoggedModelOutput>> GetRunOutputsAsync(string runId, CancellationToken cancellationToken);
}
