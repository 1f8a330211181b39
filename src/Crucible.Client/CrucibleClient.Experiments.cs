using System.Runtime.CompilerServices;
using Crucible.Contracts.Mlflow;

namespace Crucible.Client;

/// <summary>Experiments: <c>/api/2.0/mlflow/experiments/*</c>.</summary>
public sealed partial class CrucibleClient
{
    /// <summary>Creates an experiment and returns its id. A taken name throws with <c>RESOURCE_ALREADY_EXISTS</c>.</summary>
    public async Task<string> CreateExperimentAsync(
        string name, string? artifactLocation = null, IEnumerable<KeyValue>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new CreateExperimentRequest(name, artifactLocation, tags?.ToList());
        var response = await PostAsync("experiments/create", request, Json.CreateExperimentRequest, Json.CreateExperimentResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.ExperimentId;
    }

    /// <summary>Gets an experiment by id (deleted ones included).</summary>
    public async Task<ExperimentDto> GetExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        var response = await GetAsync("experiments/get", new QueryString().Add("experiment_id", experimentId), Json.GetExperimentResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.Experiment;
    }

    /// <summary>Gets an experiment by its exact name; an unknown name throws with <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public async Task<ExperimentDto> GetExperimentByNameAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var response = await GetAsync("experiments/get-by-name", new QueryString().Add("experiment_name", name), Json.GetExperimentResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.Experiment;
    }

    /// <summary>One page of an experiment search; pass the returned <c>NextPageToken</c> back for the next one.</summary>
    /// <param name="filter">MLflow's filter syntax, e.g. <c>name LIKE 'churn%'</c>.</param>
    /// <param name="orderBy">Clauses such as <c>creation_time DESC</c>.</param>
    /// <param name="viewType">Which lifecycle stages to return.</param>
    /// <param name="maxResults">Page size; the server's default (1000) when null.</param>
    /// <param name="pageToken">The previous page's token, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<SearchExperimentsResponse> SearchExperimentsAsync(
        string? filter = null,
        IReadOnlyList<string>? orderBy = null,
        ViewType viewType = ViewType.ActiveOnly,
        int? maxResults = null,
        string? pageToken = null,
        CancellationToken cancellationToken = default)
    {
        var request = new SearchExperimentsRequest(maxResults, pageToken, filter, orderBy, WireNames.Of(viewType));
        return PostAsync("experiments/search", request, Json.SearchExperimentsRequest, Json.SearchExperimentsResponse, cancellationToken);
    }

    /// <summary>Every experiment matching the search, fetching pages of <paramref name="pageSize"/> as the caller enumerates.</summary>
    public async IAsyncEnumerable<ExperimentDto> SearchAllExperimentsAsync(
        string? filter = null,
        IReadOnlyList<string>? orderBy = null,
        ViewType viewType = ViewType.ActiveOnly,
        int pageSize = 1000,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        string? token = null;
        do
        {
            var page = await SearchExperimentsAsync(filter, orderBy, viewType, pageSize, token, cancellationToken).ConfigureAwait(false);
            foreach (var experiment in page.Experiments ?? [])
            {
                yield return experiment;
            }

            token = Paging.Next(token, page.NextPageToken, "experiments/search");
        }
        while (token is not null);
    }

    /// <summary>Renames an experiment.</summary>
    public Task UpdateExperimentAsync(string experimentId, string newName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        ArgumentException.ThrowIfNullOrEmpty(newName);
        return PostAsync("experiments/update", new UpdateExperimentRequest(experimentId, newName), Json.UpdateExperimentRequest, cancellationToken);
    }

    /// <summary>Soft-deletes an experiment (its lifecycle stage becomes <c>deleted</c>).</summary>
    public Task DeleteExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        return PostAsync("experiments/delete", new ExperimentIdRequest(experimentId), Json.ExperimentIdRequest, cancellationToken);
    }

    /// <summary>Restores a soft-deleted experiment.</summary>
    public Task RestoreExperimentAsync(string experimentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        return PostAsync("experiments/restore", new ExperimentIdRequest(experimentId), Json.ExperimentIdRequest, cancellationToken);
    }

    /// <summary>Sets (or replaces) a tag on an experiment.</summary>
    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        return PostAsync("experiments/set-experiment-tag", new SetExperimentTagRequest(experimentId, key, value), Json.SetExperimentTagRequest, cancellationToken);
    }

    /// <summary>Removes a tag from an experiment.</summary>
    public Task DeleteExperimentTagAsync(string experimentId, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(experimentId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return PostAsync("experiments/delete-experiment-tag", new DeleteExperimentTagRequest(experimentId, key), Json.DeleteExperimentTagRequest, cancellationToken);
    }
}
