namespace Crucible.Core.Tracking;

/// <summary>Runs and everything logged to them: metrics, params, tags and dataset inputs.</summary>
public interface IRunStore
{
    Task<Run> CreateRunAsync(CreateRunRequest request, CancellationToken cancellationToken);

    /// <summary>Throws <c>ResourceDoesNotExist</c> when there is no such run.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken);

    Task<RunInfo> UpdateRunAsync(string runId, RunUpdate update, CancellationToken cancellationToken);

    Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken);

    /// <summary>
    /// Logs metrics, params and tags atomically: either all are written or none. A param that already has a
    /// different value fails the whole batch with <c>InvalidParameterValue</c>.
    /// </summary>
    Task LogBatchAsync(string runId, LogBatch batch, CancellationToken cancellationToken);

    Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken);

    Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken);

    Task<Page<Metric>> GetMetricHistoryAsync(string runId, string key, int maxResults, string? pageToken, CancellationToken cancellationToken);

    Task<Page<Run>> SearchRunsAsync(RunSearchQuery query, CancellationToken cancellationToken);
}
