using System.Runtime.CompilerServices;
using Crucible.Contracts.Mlflow;

namespace Crucible.Client;

/// <summary>Registered models and their aliases and tags: MLflow's <c>/api/2.0/mlflow/registered-models/*</c>.</summary>
public sealed partial class CrucibleClient
{
    /// <summary>Creates a registered model. A taken name throws with <c>RESOURCE_ALREADY_EXISTS</c>.</summary>
    public async Task<RegisteredModelDto> CreateRegisteredModelAsync(
        string name, string? description = null, IEnumerable<KeyValue>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new CreateRegisteredModelRequest(name, tags?.ToList(), description);
        var response = await PostAsync("registered-models/create", request, Json.CreateRegisteredModelRequest, Json.RegisteredModelResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.RegisteredModel;
    }

    /// <summary>Gets a registered model with its tags, aliases and latest version per stage; an unknown name throws with <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public async Task<RegisteredModelDto> GetRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var response = await GetAsync("registered-models/get", new QueryString().Add("name", name), Json.RegisteredModelResponse, cancellationToken).ConfigureAwait(false);
        return response.RegisteredModel;
    }

    /// <summary>Renames a registered model; its versions and aliases follow.</summary>
    public async Task<RegisteredModelDto> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(newName);
        var response = await PostAsync("registered-models/rename", new RenameRegisteredModelRequest(name, newName), Json.RenameRegisteredModelRequest, Json.RegisteredModelResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.RegisteredModel;
    }

    /// <summary>Replaces a registered model's description.</summary>
    public async Task<RegisteredModelDto> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var response = await SendJsonAsync(
            HttpMethod.Patch, "registered-models/update", new UpdateRegisteredModelRequest(name, description), Json.UpdateRegisteredModelRequest, Json.RegisteredModelResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.RegisteredModel;
    }

    /// <summary>Deletes a registered model with all its versions and aliases.</summary>
    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return SendJsonAsync(HttpMethod.Delete, "registered-models/delete", new RegisteredModelNameRequest(name), Json.RegisteredModelNameRequest, Json.Empty, cancellationToken);
    }

    /// <summary>One page of a registered-model search; pass the returned <c>NextPageToken</c> back for the next one.</summary>
    /// <param name="filter">MLflow's filter syntax, e.g. <c>name LIKE 'churn%'</c> or <c>tags.team = 'ml'</c>.</param>
    /// <param name="orderBy">Clauses such as <c>name ASC</c> or <c>last_updated_timestamp DESC</c>.</param>
    /// <param name="maxResults">Page size; the server's default when null.</param>
    /// <param name="pageToken">The previous page's token, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<SearchRegisteredModelsResponse> SearchRegisteredModelsAsync(
        string? filter = null, IReadOnlyList<string>? orderBy = null, int? maxResults = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var request = new SearchRegisteredModelsRequest(filter, maxResults, orderBy, pageToken);
        return PostAsync("registered-models/search", request, Json.SearchRegisteredModelsRequest, Json.SearchRegisteredModelsResponse, cancellationToken);
    }

    /// <summary>Every registered model matching the search, fetching pages of <paramref name="pageSize"/> as the caller enumerates.</summary>
    public async IAsyncEnumerable<RegisteredModelDto> SearchAllRegisteredModelsAsync(
        string? filter = null, IReadOnlyList<string>? orderBy = null, int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        string? token = null;
        do
        {
            var page = await SearchRegisteredModelsAsync(filter, orderBy, pageSize, token, cancellationToken).ConfigureAwait(false);
            foreach (var model in page.RegisteredModels ?? [])
            {
                yield return model;
            }

            token = Paging.Next(token, page.NextPageToken, "registered-models/search");
        }
        while (token is not null);
    }

    /// <summary>The latest version of a model in each of <paramref name="stages"/> (every stage when null or empty).</summary>
    public async Task<IReadOnlyList<ModelVersionDto>> GetLatestVersionsAsync(string name, IEnumerable<string>? stages = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new GetLatestVersionsRequest(name, stages?.ToList());
        var response = await PostAsync("registered-models/get-latest-versions", request, Json.GetLatestVersionsRequest, Json.ModelVersionsResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.ModelVersions ?? [];
    }

    /// <summary>Sets a tag on a registered model, replacing its value.</summary>
    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return PostAsync("registered-models/set-tag", new SetRegisteredModelTagRequest(name, key, value), Json.SetRegisteredModelTagRequest, cancellationToken);
    }

    /// <summary>Deletes a tag of a registered model.</summary>
    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return SendJsonAsync(HttpMethod.Delete, "registered-models/delete-tag", new DeleteRegisteredModelTagRequest(name, key), Json.DeleteRegisteredModelTagRequest, Json.Empty, cancellationToken);
    }

    /// <summary>Points <paramref name="alias"/> at <paramref name="version"/>, moving it (atomically) if it pointed elsewhere.</summary>
    public Task SetRegisteredModelAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(alias);
        ArgumentException.ThrowIfNullOrEmpty(version);
        return PostAsync("registered-models/alias", new SetRegisteredModelAliasRequest(name, alias, version), Json.SetRegisteredModelAliasRequest, cancellationToken);
    }

    /// <summary>Deletes an alias of a registered model.</summary>
    public Task DeleteRegisteredModelAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(alias);
        return SendJsonAsync(HttpMethod.Delete, "registered-models/alias", new RegisteredModelAliasRequest(name, alias), Json.RegisteredModelAliasRequest, Json.Empty, cancellationToken);
    }

    /// <summary>The version an alias points to; an unknown alias throws with <c>INVALID_PARAMETER_VALUE</c>, as MLflow does.</summary>
    public async Task<ModelVersionDto> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(alias);
        var response = await GetAsync("registered-models/alias", new QueryString().Add("name", name).Add("alias", alias), Json.ModelVersionResponse, cancellationToken)
            .ConfigureAwait(false);
        return response.ModelVersion;
    }
}
