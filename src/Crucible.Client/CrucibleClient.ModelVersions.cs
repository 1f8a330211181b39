using System.Runtime.CompilerServices;
using Crucible.Contracts.Mlflow;

namespace Crucible.Client;

/// <summary>Model versions, their stages and tags: MLflow's <c>/api/2.0/mlflow/model-versions/*</c>.</summary>
public sealed partial class CrucibleClient
{
    /// <summary>
    /// Registers <paramref name="source"/> (<c>runs:/&lt;run_id&gt;/model</c>, <c>mlflow-artifacts:/...</c>, or any URI) as the
    /// next version of a registered model, which must exist. Crucible reads an ONNX package there and records its checksums.
    /// </summary>
    /// <param name="name">The registered model.</param>
    /// <param name="source">Where the model's files are.</param>
    /// <param name="runId">The run that produced it (its lineage).</param>
    /// <param name="description">A description of the version.</param>
    /// <param name="tags">Tags set at creation.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<ModelVersionDto> CreateModelVersionAsync(
        string name, string source, string? runId = null, string? description = null, IEnumerable<KeyValue>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(source);
        var request = new CreateModelVersionRequest(name, source, runId, tags?.ToList(), null, description, null);
        var response = await PostAsync("model-versions/create", request, Json.CreateModelVersionRequest, Json.ModelVersionResponse, cancellationToken).ConfigureAwait(false);
        return response.ModelVersion;
    }

    /// <summary>Gets a model version; an unknown one throws with <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public async Task<ModelVersionDto> GetModelVersionAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        var response = await GetAsync("model-versions/get", new QueryString().Add("name", name).Add("version", version), Json.ModelVersionResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.ModelVersion;
    }

    /// <summary>Replaces a model version's description.</summary>
    public async Task<ModelVersionDto> UpdateModelVersionAsync(string name, string version, string? description, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        var response = await SendJsonAsync(
            HttpMethod.Patch, "model-versions/update", new UpdateModelVersionRequest(name, version, description), Json.UpdateModelVersionRequest, Json.ModelVersionResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.ModelVersion;
    }

    /// <summary>Deletes a model version (and the aliases pointing to it).</summary>
    public Task DeleteModelVersionAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        return SendJsonAsync(HttpMethod.Delete, "model-versions/delete", new ModelVersionKeyRequest(name, version), Json.ModelVersionKeyRequest, Json.Empty, cancellationToken);
    }

    /// <summary>One page of a model-version search; pass the returned <c>NextPageToken</c> back for the next one.</summary>
    /// <param name="filter">MLflow's filter syntax, e.g. <c>name = 'churn'</c> or <c>run_id = '...'</c>.</param>
    /// <param name="orderBy">Clauses such as <c>version_number DESC</c>.</param>
    /// <param name="maxResults">Page size; the server's default when null.</param>
    /// <param name="pageToken">The previous page's token, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<SearchModelVersionsResponse> SearchModelVersionsAsync(
        string? filter = null, IReadOnlyList<string>? orderBy = null, int? maxResults = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var request = new SearchModelVersionsRequest(filter, maxResults, orderBy, pageToken);
        return PostAsync("model-versions/search", request, Json.SearchModelVersionsRequest, Json.SearchModelVersionsResponse, cancellationToken);
    }

    /// <summary>Every model version matching the search, fetching pages of <paramref name="pageSize"/> as the caller enumerates.</summary>
    public async IAsyncEnumerable<ModelVersionDto> SearchAllModelVersionsAsync(
        string? filter = null, IReadOnlyList<string>? orderBy = null, int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        string? token = null;
        do
        {
            var page = await SearchModelVersionsAsync(filter, orderBy, pageSize, token, cancellationToken).ConfigureAwait(false);
            foreach (var version in page.ModelVersions ?? [])
            {
                yield return version;
            }

            token = Paging.Next(token, page.NextPageToken, "model-versions/search");
        }
        while (token is not null);
    }

    /// <summary>
    /// Moves a version to a stage (<c>None</c>, <c>Staging</c>, <c>Production</c>, <c>Archived</c>); with
    /// <paramref name="archiveExistingVersions"/> the versions already in that stage are archived.
    /// </summary>
    public async Task<ModelVersionDto> TransitionModelVersionStageAsync(
        string name, string version, string stage, bool archiveExistingVersions = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(stage);
        var request = new TransitionModelVersionStageRequest(name, version, stage, archiveExistingVersions);
        var response = await PostAsync("model-versions/transition-stage", request, Json.TransitionModelVersionStageRequest, Json.ModelVersionResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.ModelVersion;
    }

    /// <summary>Where a version's files are, as an artifact URI.</summary>
    public async Task<string> GetModelVersionDownloadUriAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        var response = await GetAsync("model-versions/get-download-uri", new QueryString().Add("name", name).Add("version", version), Json.GetModelVersionDownloadUriResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.ArtifactUri;
    }

    /// <summary>Sets a tag on a model version, replacing its value.</summary>
    public Task SetModelVersionTagAsync(string name, string version, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return PostAsync("model-versions/set-tag", new SetModelVersionTagRequest(name, version, key, value), Json.SetModelVersionTagRequest, cancellationToken);
    }

    /// <summary>Deletes a tag of a model version.</summary>
    public Task DeleteModelVersionTagAsync(string name, string version, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return SendJsonAsync(
            HttpMethod.Delete, "model-versions/delete-tag", new DeleteModelVersionTagRequest(name, version, key), Json.DeleteModelVersionTagRequest, Json.Empty, cancellationToken);
    }
}
