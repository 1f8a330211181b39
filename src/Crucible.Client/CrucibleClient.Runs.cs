using System.Runtime.CompilerServices;
using Crucible.Contracts.Mlflow;

namespace Crucible.Client;

/// <summary>Runs: <c>/api/2.0/mlflow/runs/*</c> lifecycle and search. Logging is in <c>CrucibleClient.Logging.cs</c>.</summary>
public sealed partial class CrucibleClient
{
    /// <summary>Starts a run in an experiment.</summary>
    /// <param name="experimentId">The experiment; MLflow's default experiment is <c>"0"</c>.</param>
    /// <param name="runName">A display name; the server picks one when null.</param>
    /// <param name="startTime">Epoch milliseconds; the server's clock when null.</param>
    /// <param name="tags">Tags set at creation.</param>
    /// <param name="userId">The user recorded on the run.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<RunDto> CreateRunAsync(
        string experimentId,
        string? runName = null,
        long? startTime = null,
        IEnumerable<KeyValue>? tags = null,
        string? userId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        var request = new CreateRunRequest(experimentId, userId, runName, startTime, tags?.ToList());
        var response = await PostAsync("runs/create", request, Json.CreateRunRequest, Json.RunResponse, cancellationToken).ConfigureAwait(false);
        return response.Run;
    }

    /// <summary>Gets a run: its info, latest metric values, params, tags and dataset inputs.</summary>
    public async Task<RunDto> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var response = await GetAsync("runs/get", new QueryString().Add("run_id", runId), Json.RunResponse, cancellationToken).ConfigureAwait(false);
        return response.Run;
    }

    /// <summary>Updates a run's status, end time (epoch ms) or name; null leaves a field as it is.</summary>
    public async Task<RunInfoDto> UpdateRunAsync(
        string runId, RunStatus? status = null, long? endTime = null, string? runName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var request = new UpdateRunRequest(runId, null, status is { } s ? WireNames.Of(s) : null, endTime, runName);
        var response = await PostAsync("runs/update", request, Json.UpdateRunRequest, Json.UpdateRunResponse, cancellationToken).ConfigureAwait(false);
        return response.RunInfo;
    }

    /// <summary>Soft-deletes a run.</summary>
    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return PostAsync("runs/delete", new RunIdRequest(runId, null), Json.RunIdRequest, cancellationToken);
    }

    /// <summary>Restores a soft-deleted run.</summary>
    public Task RestoreRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return PostAsync("runs/restore", new RunIdRequest(runId, null), Json.RunIdRequest, cancellationToken);
    }

    /// <summary>One page of a run search; pass the returned <c>NextPageToken</c> back for the next one.</summary>
    /// <param name="experimentIds">The experiments to search.</param>
    /// <param name="filter">MLflow's filter syntax, e.g. <c>metrics.rmse &lt; 0.5 and params.model = 'x'</c>.</param>
    /// <param name="orderBy">Clauses such as <c>metrics.rmse DESC</c>; the server orders by start time, newest first, by default.</param>
    /// <param name="viewType">Which lifecycle stages to return.</param>
    /// <param name="maxResults">Page size; the server's default (1000) when null.</param>
    /// <param name="pageToken">The previous page's token, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<SearchRunsResponse> SearchRunsAsync(
        IEnumerable<string> experimentIds,
        string? filter = null,
        IReadOnlyList<string>? orderBy = null,
        ViewType viewType = ViewType.ActiveOnly,
        int? maxResults = null,
        string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        var request = new SearchRunsRequest(experimentIds.ToList(), filter, WireNames.Of(viewType), maxResults, orderBy, pageToken);
        return PostAsync("runs/search", request, Json.SearchRunsRequest, Json.SearchRunsResponse, cancellationToken);
    }

    /// <summary>Every run matching the search, fetching pages of <paramref name="pageSize"/> as the caller enumerates.</summary>
    public async IAsyncEnumerable<RunDto> SearchAllRunsAsync(
        IEnumerable<string> experimentIds,
        string? filter = null,
        IReadOnlyList<string>? orderBy = null,
        ViewType viewType = ViewType.ActiveOnly,
        int pageSize = 1000,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experimentIds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var ids = experimentIds.ToList();
        string? token = null;
        do
        {
            var page = await SearchRunsAsync(ids, filter, orderBy, viewType, pageSize, token, cancellationToken).ConfigureAwait(false);
            foreach (var run in page.Runs ?? [])
            {
                yield return run;
            }

            token = Paging.Next(token, page.NextPageToken, "runs/search");
        }
        while (token is not null);
    }
}
