using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Crucible.Contracts.Mlflow;

namespace Crucible.Client;

/// <summary>The transport: JSON in and out through <see cref="MlflowJsonContext"/>, errors into <see cref="CrucibleApiException"/>.</summary>
public sealed partial class CrucibleClient
{
    private const string TrackingApi = "api/2.0/mlflow/";
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts";

    private static MlflowJsonContext Json => MlflowJsonContext.Default;

    private async Task<TResponse> PostAsync<TRequest, TResponse>(
        string path, TRequest body, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(TrackingUri, TrackingApi + path))
        {
            Content = JsonBody(body, requestInfo),
        };
        return await SendAsync(request, responseInfo, cancellationToken).ConfigureAwait(false);
    }

    private Task PostAsync<TRequest>(string path, TRequest body, JsonTypeInfo<TRequest> requestInfo, CancellationToken cancellationToken) =>
        PostAsync(path, body, requestInfo, Json.Empty, cancellationToken);

    private async Task<TResponse> GetAsync<TResponse>(string path, QueryString query, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, TrackingApi + path + query));
        return await SendAsync(request, responseInfo, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TResponse> SendAsync<TResponse>(HttpRequestMessage request, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, responseInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{request.Method} {request.RequestUri?.AbsolutePath} answered with JSON null.");
        }
    }

    private static ByteArrayContent JsonBody<T>(T body, JsonTypeInfo<T> info)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, info));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>Throws <see cref="CrucibleApiException"/> for a non-success answer, from MLflow's <c>{error_code, message}</c> body when there is one.</summary>
    private static async Task EnsureSuccessAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var error = TryParseError(body);
        var code = string.IsNullOrEmpty(error?.ErrorCode) ? FallbackCode(response.StatusCode) : error.ErrorCode;
        var message = string.IsNullOrEmpty(error?.Message)
            ? $"{request.Method} {request.RequestUri?.AbsolutePath} failed with HTTP {(int)response.StatusCode} {response.ReasonPhrase}{Excerpt(body)}"
            : error.Message;
        throw new CrucibleApiException(response.StatusCode, code, message);
    }

    private static ErrorResponse? TryParseError(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, Json.ErrorResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The MLflow code an error status stands for when the body names none (MLflow's status table read backwards).</summary>
    private static string FallbackCode(HttpStatusCode status) => (int)status switch
    {
        400 => "BAD_REQUEST",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "ENDPOINT_NOT_FOUND",
        409 => "RESOURCE_CONFLICT",
        429 => "REQUEST_LIMIT_EXCEEDED",
        501 => "NOT_IMPLEMENTED",
        503 => "TEMPORARILY_UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        >= 500 => "INTERNAL_ERROR",
        _ => "BAD_REQUEST",
    };

    private static string Excerpt(string body)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length == 0 ? "." : ": " + (text.Length > 200 ? text[..200] + "..." : text);
    }
}
