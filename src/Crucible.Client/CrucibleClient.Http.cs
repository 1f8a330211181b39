using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Crucible.Contracts;
using Crucible.Contracts.Mlflow;

namespace Crucible.Client;

/// <summary>The transport: JSON in and out through <see cref="MlflowJsonContext"/>, errors into <see cref="CrucibleApiException"/>.</summary>
public sealed partial class CrucibleClient
{
    private const string TrackingApi = "api/2.0/mlflow/";
    private const string ArtifactsApi = "api/2.0/mlflow-artifacts/artifacts";

    private static MlflowJsonContext Json => MlflowJsonContext.Default;

    /// <summary>Crucible's native API root, relative to the tracking URI (<see cref="NativeApiRoute"/>).</summary>
    private const string NativeApi = NativeApiRoute.Path + "/";

    private Task<TResponse> PostAsync<TRequest, TResponse>(
        string path, TRequest body, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, path, body, requestInfo, responseInfo, cancellationToken);

    /// <summary>An MLflow call with a JSON body (POST, PATCH, or DELETE as MLflow's clients send it).</summary>
    private async Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestInfo, JsonTypeInfo<TResponse> responseInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(TrackingUri, TrackingApi + path))
        {
            Content = JsonBody(body, requestInfo),
        };
        return await SendAsync(request, responseInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A URI of Crucible's native API (<c>/api/crucible/v1/...</c>); <paramref name="path"/> is already escaped.</summary>
    private Uri NativeUri(string path) => new(TrackingUri, NativeApi + path);

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    /// <summary>Streams a successful answer's body into <paramref name="destination"/>, never holding it whole.</summary>
    private async Task DownloadAsync(Uri uri, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(request, response, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Throws <see cref="CrucibleApiException"/> for a non-success answer, from the body's error when there is one:
    /// MLflow's <c>{error_code, message}</c>, the native API's ProblemDetails <c>{errorCode, detail}</c> or the Open
    /// Inference Protocol's <c>{error}</c> (which names no code: the status gives it).
    /// </summary>
    private static async Task EnsureSuccessAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var (code, message) = TryParseError(body);
        throw new CrucibleApiException(
            response.StatusCode,
            string.IsNullOrEmpty(code) ? FallbackCode(response.StatusCode) : code,
            string.IsNullOrEmpty(message)
                ? $"{request.Method} {request.RequestUri?.AbsolutePath} failed with HTTP {(int)response.StatusCode} {response.ReasonPhrase}{Excerpt(body)}"
                : message);
    }

    private static (string? Code, string? Message) TryParseError(string body)
    {
        if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{'))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? Field(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return (Field("error_code") ?? Field("errorCode"), Field("message") ?? Field("detail") ?? Field("error"));
        }
        catch (JsonException)
        {
            return (null, null);
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
