using System.Net.Http.Headers;
using Crucible.Contracts.Mlflow;

namespace Crucible.Client;

/// <summary>
/// Model packages and lineage: Crucible's native <c>/api/crucible/v1/runs/{id}/packages</c> and
/// <c>/models/{name}/versions/{version}/{package,verify,files,lineage}</c> API (ProblemDetails errors).
/// </summary>
public sealed partial class CrucibleClient
{
    /// <summary>
    /// Writes an ONNX model as an MLflow package (<c>MLmodel</c>, the model, <c>crucible_package.json</c> with every file's
    /// SHA-256) into a run's artifacts under <paramref name="path"/>; register it with <c>runs:/&lt;run_id&gt;/&lt;path&gt;</c>,
    /// which the answer's <see cref="WritePackageResponse.Source"/> holds. The model is streamed from its current position.
    /// A file that is not ONNX throws with <c>INVALID_PARAMETER_VALUE</c>.
    /// </summary>
    public async Task<WritePackageResponse> WriteModelPackageAsync(string runId, Stream onnxModel, string path = "model", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentNullException.ThrowIfNull(onnxModel);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var message = new HttpRequestMessage(HttpMethod.Post, NativeUri($"runs/{Escape(runId)}/packages/{EscapePath(path)}")) { Content = new StreamContent(onnxModel, 81920) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await SendAsync(message, Json.WritePackageResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A version's package: what was read from its ONNX graph and its files with the SHA-256 recorded at registration.</summary>
    public Task<ModelPackageDto> GetModelPackageAsync(string name, string version, CancellationToken cancellationToken = default) =>
        SendVersionAsync(HttpMethod.Get, name, version, "package", cancellationToken);

    /// <summary>Reads every file of a version's package again and checks it against the recorded SHA-256; a changed file throws.</summary>
    public Task<ModelPackageDto> VerifyModelPackageAsync(string name, string version, CancellationToken cancellationToken = default) =>
        SendVersionAsync(HttpMethod.Post, name, version, "verify", cancellationToken);

    /// <summary>
    /// Streams one recorded file of a version's package (<paramref name="path"/> as <see cref="PackageFileDto.Path"/> names it) into
    /// <paramref name="destination"/>. The server checks the file against its recorded SHA-256 before sending it.
    /// </summary>
    public async Task DownloadModelFileAsync(string name, string version, string path, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await DownloadAsync(VersionUri(name, version, "files/" + EscapePath(path)), destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Where a version came from: its run with params, latest metrics and the datasets it logged as inputs.</summary>
    public async Task<ModelLineageDto> GetModelLineageAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, VersionUri(name, version, "lineage"));
        return await SendAsync(message, Json.ModelLineageDto, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The model versions whose runs logged the dataset <paramref name="dataset"/> as an input, optionally only with <paramref name="digest"/>.</summary>
    public async Task<DatasetModelVersionsDto> ListModelVersionsTrainedOnAsync(string dataset, string? digest = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataset);
        using var message = new HttpRequestMessage(HttpMethod.Get, NativeUri($"datasets/{Escape(dataset)}/model-versions" + new QueryString().Add("digest", digest)));
        return await SendAsync(message, Json.DatasetModelVersionsDto, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ModelPackageDto> SendVersionAsync(HttpMethod method, string name, string version, string action, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, VersionUri(name, version, action));
        return await SendAsync(message, Json.ModelPackageDto, cancellationToken).ConfigureAwait(false);
    }

    private Uri VersionUri(string name, string version, string rest)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        return NativeUri($"models/{Escape(name)}/versions/{Escape(version)}/{rest}");
    }

    /// <summary>A relative path with each segment escaped and the slashes kept.</summary>
    private static string EscapePath(string path) => string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Escape));
}
