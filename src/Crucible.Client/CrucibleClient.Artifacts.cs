using System.Net.Http.Headers;
using Crucible.Contracts.Mlflow;

namespace Crucible.Client;

/// <summary>
/// Artifacts through the server's proxy (<c>/api/2.0/mlflow-artifacts/artifacts/...</c>), where paths are
/// relative to the server's artifact destination, plus a run's listing (<c>/api/2.0/mlflow/artifacts/list</c>).
/// Bodies stream both ways; nothing is buffered whole.
/// </summary>
public sealed partial class CrucibleClient
{
    private const string ProxyScheme = "mlflow-artifacts:";

    /// <summary>Uploads <paramref name="content"/> (read from its current position to the end) to <paramref name="artifactPath"/>, replacing any file there.</summary>
    public async Task UploadArtifactAsync(string artifactPath, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactPath);
        ArgumentNullException.ThrowIfNull(content);
        using var request = new HttpRequestMessage(HttpMethod.Put, ProxyUri(artifactPath)) { Content = new StreamContent(content) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        await SendAsync(request, Json.Empty, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads a local file to <paramref name="artifactPath"/>.</summary>
    public async Task UploadArtifactFileAsync(string artifactPath, string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        var file = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 81920, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            await UploadArtifactAsync(artifactPath, file, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Streams the artifact at <paramref name="artifactPath"/> into <paramref name="destination"/>; a missing file throws <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public async Task DownloadArtifactAsync(string artifactPath, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactPath);
        await DownloadAsync(ProxyUri(artifactPath), destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downloads the artifact at <paramref name="artifactPath"/> to a local file, creating its folder.</summary>
    /// <remarks>The file is written under a temporary name and moved into place, so a failed download leaves no partial file.</remarks>
    public async Task DownloadArtifactFileAsync(string artifactPath, string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(localPath);
        var full = Path.GetFullPath(localPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".part-" + Guid.NewGuid().ToString("N");
        try
        {
            var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 81920, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await DownloadArtifactAsync(artifactPath, file, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The direct children of a folder in the artifact destination (the root when <paramref name="path"/> is null); names are relative to the folder.</summary>
    public async Task<IReadOnlyList<FileInfoDto>> ListArtifactsAsync(string? path = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, ArtifactsApi + new QueryString().Add("path", path)));
        var response = await SendAsync(request, Json.ListArtifactsResponse, cancellationToken).ConfigureAwait(false);
        return response.Files ?? [];
    }

    /// <summary>Deletes a file, or a folder and everything under it; deleting what is absent is not an error.</summary>
    public async Task DeleteArtifactAsync(string artifactPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(artifactPath);
        using var request = new HttpRequestMessage(HttpMethod.Delete, ProxyUri(artifactPath));
        await SendAsync(request, Json.Empty, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A run's artifacts under <paramref name="path"/> (relative to the run's artifact root), with the root URI.</summary>
    public Task<ListArtifactsResponse> ListRunArtifactsAsync(string runId, string? path = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        return GetAsync("artifacts/list", new QueryString().Add("run_id", runId).Add("path", path), Json.ListArtifactsResponse, cancellationToken);
    }

    /// <summary>
    /// The proxy path of a file under a run's or experiment's <c>mlflow-artifacts:/...</c> location, for the
    /// artifact methods: <c>ArtifactProxyPath("mlflow-artifacts:/1/abc/artifacts", "model/m.onnx")</c> is
    /// <c>1/abc/artifacts/model/m.onnx</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The location is not served by a proxy (an <c>s3://</c> or <c>file://</c> location, say).</exception>
    public static string ArtifactProxyPath(string artifactLocation, string? relativePath = null)
    {
        ArgumentNullException.ThrowIfNull(artifactLocation);
        if (!artifactLocation.StartsWith(ProxyScheme, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{artifactLocation}' is not an {ProxyScheme} location; the server's artifact proxy does not serve it.", nameof(artifactLocation));
        }

        var root = artifactLocation[ProxyScheme.Length..].Trim('/');
        var relative = relativePath?.Trim('/') ?? string.Empty;
        return root.Length == 0 ? relative : relative.Length == 0 ? root : root + "/" + relative;
    }

    private Uri ProxyUri(string artifactPath) => new(TrackingUri, ArtifactsApi + "/" + EscapePath(artifactPath));
}
