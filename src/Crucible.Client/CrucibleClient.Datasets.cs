using System.Globalization;
using System.Net.Http.Headers;
using Crucible.Contracts.Datasets;
using Crucible.Contracts.Mlflow;

namespace Crucible.Client;

/// <summary>What a dataset registration records beside the file; null leaves a field unset.</summary>
/// <param name="Format"><c>csv</c>, <c>jsonl</c> or <c>parquet</c> (the server's default is <c>csv</c>; a folder's is taken from its files).</param>
/// <param name="Source">Where the data came from, e.g. a <c>file://</c> or <c>s3://</c> URI.</param>
/// <param name="Owner">Who owns this version.</param>
/// <param name="License">The license it is under, e.g. <c>CC-BY-4.0</c>.</param>
/// <param name="Description">What it is.</param>
/// <param name="Parents">Versions it was derived from, each <c>NAME@VERSION</c>.</param>
/// <param name="Transform">How it was derived, e.g. <c>redact: mask email</c>.</param>
public sealed record DatasetRegistrationOptions(
    string? Format = null,
    string? Source = null,
    string? Owner = null,
    string? License = null,
    string? Description = null,
    IReadOnlyList<string>? Parents = null,
    string? Transform = null);

/// <summary>
/// Datasets as named, versioned records: Crucible's native <c>/api/crucible/v1/datasets</c> API (ProblemDetails errors).
/// Uploads and downloads stream; nothing is held in memory whole.
/// </summary>
public sealed partial class CrucibleClient
{
    private static DatasetsJsonContext Datasets => DatasetsJsonContext.Default;

    /// <summary>
    /// Registers <paramref name="content"/> (read from its current position to the end) as a new version of the dataset
    /// <paramref name="name"/>; the server profiles it and refuses a malformed file with the line at fault. The same
    /// bytes again return the existing version with <see cref="RegisterDatasetVersionResponse.Created"/> false.
    /// </summary>
    /// <param name="name">The dataset's name.</param>
    /// <param name="content">The CSV or JSON Lines bytes.</param>
    /// <param name="options">Format and provenance.</param>
    /// <param name="progress">Told the number of bytes sent so far, as they go.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    public async Task<RegisterDatasetVersionResponse> RegisterDatasetAsync(
        string name, Stream content, DatasetRegistrationOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        long? length = content.CanSeek ? content.Length - content.Position : null;
        var body = new StreamContent(progress is null ? content : new ProgressStream(content, progress), 81920);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = length;
        return await RegisterAsync(name, body, options ?? new DatasetRegistrationOptions(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Registers a local CSV or JSON Lines file, streamed, as a new version (see <see cref="RegisterDatasetAsync"/>).</summary>
    public async Task<RegisterDatasetVersionResponse> RegisterDatasetFileAsync(
        string name, string path, DatasetRegistrationOptions? options = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            return await RegisterDatasetAsync(name, file, options, progress, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Registers a folder of data files sharing one header as one version, sent as a tar stream. Files and folders whose
    /// names start with '.' are skipped; the format is the files' (<see cref="DatasetRegistrationOptions.Format"/> is ignored).
    /// </summary>
    /// <exception cref="ArgumentException">The folder holds no data file, a file that is not <c>.csv</c>/<c>.jsonl</c>/<c>.ndjson</c>/<c>.parquet</c>, or both formats; nothing was sent.</exception>
    public async Task<RegisterDatasetVersionResponse> RegisterDatasetFolderAsync(
        string name, string folder, DatasetRegistrationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var content = DatasetFolderContent.Open(folder);
        return await RegisterAsync(name, content, (options ?? new DatasetRegistrationOptions()) with { Format = content.Format }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every dataset with its latest version number.</summary>
    public async Task<IReadOnlyList<DatasetSummaryDto>> ListDatasetsAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, NativeUri("datasets"));
        return (await SendAsync(message, Datasets.DatasetsResponse, cancellationToken).ConfigureAwait(false)).Datasets ?? [];
    }

    /// <summary>A dataset's versions, oldest first, without their schema and profile.</summary>
    public async Task<IReadOnlyList<DatasetVersionDto>> ListDatasetVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, DatasetUri(name, null));
        return (await SendAsync(message, Datasets.DatasetVersionsResponse, cancellationToken).ConfigureAwait(false)).Versions ?? [];
    }

    /// <summary>One version with its schema and profile; an unknown one throws with <c>RESOURCE_DOES_NOT_EXIST</c>.</summary>
    public async Task<DatasetVersionDto> GetDatasetVersionAsync(string name, long version, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, DatasetUri(name, version));
        return await SendAsync(message, Datasets.DatasetVersionDto, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams a version's file into <paramref name="destination"/>; the server checks it against the recorded SHA-256 before sending it.</summary>
    public Task DownloadDatasetVersionAsync(string name, long version, Stream destination, CancellationToken cancellationToken = default) =>
        DownloadAsync(DatasetUri(name, version, "/file"), destination, cancellationToken);

    /// <summary>The files of a folder version with their SHA-256.</summary>
    public async Task<IReadOnlyList<DatasetFileDto>> ListDatasetFilesAsync(string name, long version, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, DatasetUri(name, version, "/files"));
        return (await SendAsync(message, Datasets.DatasetFilesResponse, cancellationToken).ConfigureAwait(false)).Files ?? [];
    }

    /// <summary>Streams one file of a folder version (its path as <see cref="ListDatasetFilesAsync"/> names it) into <paramref name="destination"/>.</summary>
    public Task DownloadDatasetFileAsync(string name, long version, string path, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return DownloadAsync(DatasetUri(name, version, "/files/" + EscapePath(path)), destination, cancellationToken);
    }

    /// <summary>The model versions whose runs logged this dataset version (by its digest) as an input.</summary>
    public async Task<DatasetModelVersionsDto> ListModelVersionsTrainedOnVersionAsync(string name, long version, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, DatasetUri(name, version, "/model-versions"));
        return await SendAsync(message, Json.DatasetModelVersionsDto, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes one version, record and files; refused while another version names it as a parent.</summary>
    public Task<DeleteDatasetResponse> DeleteDatasetVersionAsync(string name, long version, CancellationToken cancellationToken = default) =>
        DeleteAsync(DatasetUri(name, version), cancellationToken);

    /// <summary>Deletes a dataset with every version; refused while a version of another dataset names one of them as a parent.</summary>
    public Task<DeleteDatasetResponse> DeleteDatasetAsync(string name, CancellationToken cancellationToken = default) =>
        DeleteAsync(NativeUri("datasets/" + Escape(NotEmpty(name))), cancellationToken);

    /// <summary>
    /// Has the server mask, hash or drop columns of a version (the columns a PII scan flags when the request names none) and
    /// register the result as a new version whose parent is this one.
    /// </summary>
    public async Task<RedactDatasetResponse> RedactDatasetVersionAsync(string name, long version, RedactDatasetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, DatasetUri(name, version, "/redact")) { Content = JsonBody(request, Datasets.RedactDatasetRequest) };
        return await SendAsync(message, Datasets.RedactDatasetResponse, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RegisterDatasetVersionResponse> RegisterAsync(string name, HttpContent content, DatasetRegistrationOptions options, CancellationToken cancellationToken)
    {
        using (content)
        {
            var query = new QueryString()
                .Add("format", options.Format)
                .Add("source", options.Source)
                .Add("owner", options.Owner)
                .Add("license", options.License)
                .Add("description", options.Description)
                .Add("parents", options.Parents is { Count: > 0 } parents ? string.Join(',', parents) : null)
                .Add("transform", options.Transform);
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(DatasetUri(name, null) + query.ToString())) { Content = content };
            return await SendAsync(message, Datasets.RegisterDatasetVersionResponse, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DeleteDatasetResponse> DeleteAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Delete, uri);
        return await SendAsync(message, Datasets.DeleteDatasetResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>datasets/{name}/versions</c>, or <c>.../versions/{version}{rest}</c>.</summary>
    private Uri DatasetUri(string name, long? version, string rest = "")
    {
        var path = $"datasets/{Escape(NotEmpty(name))}/versions";
        return NativeUri(version is { } v ? $"{path}/{v.ToString(CultureInfo.InvariantCulture)}{rest}" : path);
    }

    private static string NotEmpty(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return name;
    }
}
