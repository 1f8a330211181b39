using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Crucible.Contracts.Serving;

namespace Crucible.Client;

/// <summary>
/// Deployments: Crucible's native <c>/api/crucible/v1/deployments</c> API. Its errors are ProblemDetails
/// (<c>{type, title, status, detail, errorCode}</c>); they throw <see cref="CrucibleApiException"/> with
/// <c>errorCode</c> as the code and <c>detail</c> as the message, like MLflow's errors do.
/// </summary>
public sealed partial class CrucibleClient
{
    private const string DeploymentsApi = "api/crucible/v1/deployments";

    private static ServingJsonContext Serving => ServingJsonContext.Default;

    /// <summary>Creates a deployment. A taken name throws with <c>RESOURCE_ALREADY_EXISTS</c>; an invalid one with <c>INVALID_PARAMETER_VALUE</c>.</summary>
    public async Task<DeploymentDto> CreateDeploymentAsync(DeploymentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Name, nameof(request));
        using var message = new HttpRequestMessage(HttpMethod.Post, DeploymentUri(null)) { Content = JsonBody(request, Serving.DeploymentRequest) };
        return (await SendNativeAsync(message, Serving.DeploymentResponse, cancellationToken).ConfigureAwait(false)).Deployment;
    }

    /// <summary>Gets a deployment with its serving status and endpoints; an unknown name throws with <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public async Task<DeploymentDto> GetDeploymentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var message = new HttpRequestMessage(HttpMethod.Get, DeploymentUri(name));
        return (await SendNativeAsync(message, Serving.DeploymentResponse, cancellationToken).ConfigureAwait(false)).Deployment;
    }

    /// <summary>Every deployment, by name.</summary>
    public async Task<IReadOnlyList<DeploymentDto>> ListDeploymentsAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, DeploymentUri(null));
        return (await SendNativeAsync(message, Serving.DeploymentsResponse, cancellationToken).ConfigureAwait(false)).Deployments ?? [];
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
        return (await SendNativeAsync(message, Serving.DeploymentResponse, cancellationToken).ConfigureAwait(false)).Deployment;
    }

    /// <summary>Deletes a deployment; its captured predictions stay queryable until retention removes them.</summary>
    public async Task DeleteDeploymentAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var message = new HttpRequestMessage(HttpMethod.Delete, DeploymentUri(name));
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureNativeSuccessAsync(message, response, cancellationToken).ConfigureAwait(false);
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
        return await SendNativeAsync(message, Serving.PredictionsResponse, cancellationToken).ConfigureAwait(false);
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

    private async Task<TResponse> SendNativeAsync<TResponse>(HttpRequestMessage request, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureNativeSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, responseInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{request.Method} {request.RequestUri?.AbsolutePath} answered with JSON null.");
        }
    }

    /// <summary>Throws <see cref="CrucibleApiException"/> for a non-success answer, from a ProblemDetails body (or MLflow's error shape) when there is one.</summary>
    private static async Task EnsureNativeSuccessAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var (code, detail) = TryParseProblem(body);
        throw new CrucibleApiException(
            response.StatusCode,
            string.IsNullOrEmpty(code) ? FallbackCode(response.StatusCode) : code,
            string.IsNullOrEmpty(detail)
                ? $"{request.Method} {request.RequestUri?.AbsolutePath} failed with HTTP {(int)response.StatusCode} {response.ReasonPhrase}{Excerpt(body)}"
                : detail);
    }

    /// <summary>The error code and message of a ProblemDetails (<c>errorCode</c>, <c>detail</c>) or MLflow (<c>error_code</c>, <c>message</c>) body.</summary>
    private static (string? Code, string? Message) TryParseProblem(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{'))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            string? Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return (Field("errorCode") ?? Field("error_code"), Field("detail") ?? Field("message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
