using System.Globalization;
using System.Runtime.CompilerServices;
using Crucible.Contracts.Serving;

namespace Crucible.Client;

/// <summary>
/// Deployments: Crucible's native <c>/api/crucible/v1/deployments</c> API. Its errors are ProblemDetails
/// (<c>{type, title, status, detail, errorCode}</c>); they throw <see cref="CrucibleApiException"/> with
/// <c>errorCode</c> as the code and <c>detail</c> as the message, like MLflow's errors do.
/// </summary>
public sealed partial class CrucibleClient
{
    private const string DeploymentsApi = NativeApi + "deployments";

    private static ServingJsonContext Serving => ServingJsonContext.Default;

    /// <summary>Creates a deployment. A taken name throws with <c>RESOURCE_ALREADY_EXISTS</c>; an invalid one with <c>INVALID_PARAMETER_VALUE</c>.</summary>
    public async Task<DeploymentDto> CreateDeploymentAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Name, nameof(request));
        using var message = new HttpRequestMessage(HttpMethod.Post, DeploymentUri(null)) { Content = JsonBody(request, Serving.DeploymentRequest) };
        return (await SendAsync(message, Serving.DeploymentResponse, cancellationToken).ConfigureAwait(false)).Deployment;
    }

    /// <summary>Gets a deployment with its serving status and endpoints; an unknown name throws with <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public async Task<DeploymentDto> GetDeploymentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var message = new HttpRequestMessage(HttpMethod.Get, DeploymentUri(name));
        return (await SendAsync(message, Serving.DeploymentResponse, cancellationToken).ConfigureAwait(false)).Deployment;
    }

    /// <summary>Every deployment, by name.</summary>
    public async Task<IReadOnlyList<DeploymentDto>> ListDeploymentsAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, DeploymentUri(null));
        return (await SendAsync(message, Serving.DeploymentsResponse, cancellationToken).ConfigureAwait(false)).Deployments ?? [];
    }

    /// <summary>
    /// Replaces a deployment's routes, shadow, batching, description and capture. With
    /// <see cref="DeploymentRequest.ExpectedRevision"/> set, a deployment changed since that revision is left alone and
    /// the call throws with HTTP 409, so a read-modify-write never loses a concurrent edit.
    /// </summary>
    public async Task<DeploymentDto> UpdateDeploymentAsync(string name, DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Put, DeploymentUri(name)) { Content = JsonBody(request, Serving.DeploymentRequest) };
        return (await SendAsync(message, Serving.DeploymentResponse, cancellationToken).ConfigureAwait(false)).Deployment;
    }

    /// <summary>Deletes a deployment; its captured predictions stay queryable until retention removes them.</summary>
    public async Task DeleteDeploymentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var message = new HttpRequestMessage(HttpMethod.Delete, DeploymentUri(name));
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(message, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One page of a deployment's captured predictions, oldest first; pass the returned <c>NextPageToken</c> back for the next one.</summary>
    /// <param name="name">The deployment.</param>
    /// <param name="maxResults">Page size; the server's default when null.</param>
    /// <param name="pageToken">The previous page's token, or null for the first page.</param>
    /// <param name="fromTimestamp">Epoch milliseconds: only predictions at or after it.</param>
    /// <param name="toTimestamp">Epoch milliseconds: only predictions before it.</param>
    /// <param name="includeShadow">False leaves out the shadow model's predictions.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<PredictionsResponse> GetPredictionsAsync(
        string name,
        int? maxResults = null,
        string? pageToken = null,
        long? fromTimestamp = null,
        long? toTimestamp = null,
        bool includeShadow = true,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var query = new QueryString()
            .Add("max_results", maxResults?.ToString(CultureInfo.InvariantCulture))
            .Add("page_token", pageToken)
            .Add("from", fromTimestamp?.ToString(CultureInfo.InvariantCulture))
            .Add("to", toTimestamp?.ToString(CultureInfo.InvariantCulture))
            .Add("include_shadow", includeShadow ? null : "false");
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, DeploymentPath(name) + "/predictions" + query));
        return await SendAsync(message, Serving.PredictionsResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every captured prediction of a deployment in the time window, oldest first, fetching pages as the caller enumerates.</summary>
    public async IAsyncEnumerable<PredictionDto> GetAllPredictionsAsync(
        string name,
        long? fromTimestamp = null,
        long? toTimestamp = null,
        bool includeShadow = true,
        int pageSize = 1000,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        string? token = null;
        do
        {
            var page = await GetPredictionsAsync(name, pageSize, token, fromTimestamp, toTimestamp, includeShadow, cancellationToken).ConfigureAwait(false);
            foreach (var prediction in page.Predictions ?? [])
            {
                yield return prediction;
            }

            token = Paging.Next(token, page.NextPageToken, "deployments/predictions");
        }
        while (token is not null);
    }

    private Uri DeploymentUri(string? name) => new(TrackingUri, DeploymentPath(name));

    private static string DeploymentPath(string? name) => name is null ? DeploymentsApi : DeploymentsApi + "/" + Uri.EscapeDataString(name);
}
