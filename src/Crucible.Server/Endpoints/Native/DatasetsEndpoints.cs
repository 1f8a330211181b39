using System.Security.Cryptography;
using System.Text.Json;
using Crucible.Contracts.Datasets;
using Crucible.Contracts.Mlflow;
using Crucible.Core.Artifacts;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.DataQuality.Registration;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Hosting;
using Crucible.Server.Security;
using Crucible.Tabular;
using Microsoft.AspNetCore.Http.Features;

using Crucible.Core.Security;
using Crucible.Server.Security.Workspaces;

namespace Crucible.Server.Endpoints.Native;

/// <summary>
/// Datasets as named, versioned records. A registration streams the body to a temporary file while hashing it
/// (memory stays bounded whatever the size), profiles it (a bad file is a 400 naming the line, and nothing is
/// stored), writes it to the artifact store under its digest, and only then records the version: a failure
/// may leave an orphan file, never a version without its file. A tar body is a folder version (<see cref="DatasetFolders"/>);
/// checks, PII scan and redaction are <see cref="DatasetQualityEndpoints"/>. Delete removes the record first, then the
/// files, under the same rule.
/// </summary>
internal static class DatasetsEndpoints
{
    private static DatasetsJsonContext Json => DatasetsJsonContext.Default;

    public static void MapDatasets(this IEndpointRouteBuilder api)
    {
        api = api.MapGroup(string.Empty).RequireAccess(AccessPolicies.Datasets);
        api.MapPost("datasets/{name}/versions", RegisterAsync).WithAnyBody().Native("RegisterDatasetVersion", "Register a dataset version from a file or tar body");
        api.MapGet("datasets", ListDatasetsAsync).Native("ListDatasets", "List datasets with their latest version");
        api.MapGet("datasets/{name}/versions", ListVersionsAsync).Native("ListDatasetVersions", "List a dataset's versions");
        api.MapGet("datasets/{name}/versions/{version}", GetVersionAsync).Native("GetDatasetVersion", "Get a dataset version with its schema and profile");
        api.MapGet("datasets/{name}/versions/{version}/file", DownloadAsync).Native("DownloadDatasetVersion", "Download a dataset version's file").ProducesBytes();
        api.MapGet("datasets/{name}/versions/{version}/model-versions", TrainedAsync).Native("ListDatasetVersionModelVersions", "List model versions trained on a dataset version");
        api.MapGet("datasets/{name}/versions/{version}/files", ListFilesAsync).Native("ListDatasetFiles", "List the files of a folder dataset version");
        api.MapGet("datasets/{name}/versions/{version}/files/{**path}", DownloadFileAsync).Native("DownloadDatasetFile", "Download one file of a folder dataset version").ProducesBytes();
        api.MapDelete("datasets/{name}/versions/{version}", DeleteVersionAsync).Native("DeleteDatasetVersion", "Delete a dataset version and its files");
        api.MapDelete("datasets/{name}", DeleteDatasetAsync).Native("DeleteDataset", "Delete a dataset, every version and their files");
        api.MapDatasetQuality();
    }

    private static async Task<JsonOk<RegisterDatasetVersionResponse>> RegisterAsync(
        HttpContext http, IDatasetStore datasets, IWorkspaceStore workspaces, IArtifactStore artifacts, ServerOptions options, string name)
    {
        var store = new WorkspaceDatasets(datasets, workspaces, http.TargetWorkspace());
        var cancellationToken = http.RequestAborted;
        var query = http.Request.Query;
        DatasetLimits.Name(name);
        var format = DatasetLimits.Format(Text(query, "format") ?? "csv");
        var provenance = new DatasetProvenance(
            Text(query, "owner"), Text(query, "license"), Text(query, "description"), DatasetLimits.Parents(Text(query, "parents")), Text(query, "transform"));
        var source = Text(query, "source");
        var limit = options.MaxDatasetBytes ?? options.MaxArtifactBytes;
        if (http.Request.ContentLength > limit)
        {
            throw new CrucibleException(ErrorCode.PayloadTooLarge, $"The dataset is {http.Request.ContentLength} bytes, larger than the limit of {limit} bytes.");
        }

        if (http.Request.ContentType?.StartsWith(DatasetFolders.ContentType, StringComparison.OrdinalIgnoreCase) == true)
        {
            using var tar = DatasetFiles.Temp("tar");
            await SpoolAsync(http, tar.Path, limit, cancellationToken);
            var folder = await DatasetFolders.RegisterAsync(store, artifacts, tar.Path, name, format, source, provenance, cancellationToken);
            return JsonOk.Of(new RegisterDatasetVersionResponse(ToDto(folder.Version, full: true), folder.Created), Json.RegisterDatasetVersionResponse);
        }

        using var temp = DatasetFiles.Temp(format);
        var (digest, size) = await SpoolAsync(http, temp.Path, limit, cancellationToken);
        var registration = await DatasetFiles.RegisterAsync(store, artifacts, new DatasetFile(temp.Path, format, digest, size), name, source, provenance, cancellationToken);
        return JsonOk.Of(new RegisterDatasetVersionResponse(ToDto(registration.Version, full: true), registration.Created), Json.RegisterDatasetVersionResponse);
    }

    private static async Task<JsonOk<DatasetsResponse>> ListDatasetsAsync(HttpContext http, IDatasetStore store)
    {
        var datasets = await ReadFilter.ReadableAsync(http, await store.ListDatasetsAsync(http.RequestAborted), ResourceKind.Dataset, d => d.Name);
        return JsonOk.Of(
            new DatasetsResponse([.. datasets.Select(d => new DatasetSummaryDto(d.Name, d.LatestVersion, d.CreationTimestamp, d.LastUpdatedTimestamp))]),
            Json.DatasetsResponse);
    }

    private static async Task<JsonOk<DatasetVersionsResponse>> ListVersionsAsync(HttpContext http, IDatasetStore store, string name)
    {
        var versions = await store.ListVersionsAsync(name, http.RequestAborted);
        return JsonOk.Of(new DatasetVersionsResponse(name, [.. versions.Select(v => ToDto(v, full: false))]), Json.DatasetVersionsResponse);
    }

    private static async Task<JsonOk<DatasetVersionDto>> GetVersionAsync(HttpContext http, IDatasetStore store, string name, string version)
    {
        var found = await store.GetVersionAsync(name, DatasetLimits.Version(version), http.RequestAborted);
        return JsonOk.Of(ToDto(found, full: true), Json.DatasetVersionDto);
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, IDatasetStore store, IArtifactStore artifacts, string name, string version)
    {
        var cancellationToken = http.RequestAborted;
        var found = await store.GetVersionAsync(name, DatasetLimits.Version(version), cancellationToken);
        var path = await DatasetFiles.CopyVerifiedAsync(artifacts, found, Stream.Null, cancellationToken);
        var stream = await artifacts.OpenReadAsync(path, cancellationToken);
        http.Response.Headers["X-Checksum-Sha256"] = found.Digest;
        var contentType = TabularFormats.ContentType(TabularFormats.Parse(found.Format) ?? TabularFormat.Csv);
        return TypedResults.Stream(stream, contentType, fileDownloadName: $"{name}-{found.Version}.{found.Format}", enableRangeProcessing: false);
    }

    private static async Task<JsonOk<DatasetFilesResponse>> ListFilesAsync(HttpContext http, IDatasetStore store, IArtifactStore artifacts, string name, string version)
    {
        var found = await store.GetVersionAsync(DatasetLimits.Name(name), DatasetLimits.Version(version), http.RequestAborted);
        var files = await DatasetFolders.ListAsync(artifacts, found, http.RequestAborted);
        return JsonOk.Of(new DatasetFilesResponse(found.Name, found.Version, [.. files.Select(f => new DatasetFileDto(f.Path, f.Sha256))]), Json.DatasetFilesResponse);
    }

    /// <summary>One file of a folder version, verified against the manifest's SHA-256 before it is streamed.</summary>
    private static async Task<IResult> DownloadFileAsync(HttpContext http, IDatasetStore store, IArtifactStore artifacts, string name, string version, string path)
    {
        var cancellationToken = http.RequestAborted;
        var found = await store.GetVersionAsync(DatasetLimits.Name(name), DatasetLimits.Version(version), cancellationToken);
        var file = await DatasetFolders.FileAsync(artifacts, found, path, cancellationToken);
        var stored = await DatasetFiles.CopyVerifiedAsync(artifacts, file, Stream.Null, cancellationToken);
        http.Response.Headers["X-Checksum-Sha256"] = file.Digest;
        var contentType = TabularFormats.ContentType(TabularFormats.Parse(found.Format) ?? TabularFormat.Csv);
        return TypedResults.Stream(await artifacts.OpenReadAsync(stored, cancellationToken), contentType, fileDownloadName: Path.GetFileName(path), enableRangeProcessing: false);
    }

    /// <summary>Deletes the version's record, then its files (a failure between the two leaves an orphan file, never a record without its file).</summary>
    private static async Task<JsonOk<DeleteDatasetResponse>> DeleteVersionAsync(HttpContext http, IDatasetStore store, IArtifactStore artifacts, string name, string version)
    {
        var deleted = await store.DeleteVersionAsync(DatasetLimits.Name(name), DatasetLimits.Version(version), http.RequestAborted);
        await DatasetFiles.DeleteFilesAsync(artifacts, [deleted], CancellationToken.None);
        return JsonOk.Of(new DeleteDatasetResponse(name, [deleted.Version]), Json.DeleteDatasetResponse);
    }

    private static async Task<JsonOk<DeleteDatasetResponse>> DeleteDatasetAsync(HttpContext http, IDatasetStore store, IArtifactStore artifacts, string name)
    {
        var deleted = await store.DeleteDatasetAsync(DatasetLimits.Name(name), http.RequestAborted);
        await DatasetFiles.DeleteFilesAsync(artifacts, deleted, CancellationToken.None);
        return JsonOk.Of(new DeleteDatasetResponse(name, [.. deleted.Select(v => v.Version)]), Json.DeleteDatasetResponse);
    }

    /// <summary>
    /// Model versions whose source run logged a dataset input with this version's name and digest (the
    /// <see cref="DatasetLimits.MlflowDigest"/> form, as MLflow caps digests at 36 characters).
    /// </summary>
    private static async Task<JsonOk<DatasetModelVersionsDto>> TrainedAsync(HttpContext http, IDatasetStore store, IModelRegistryStore registry, string name, string version)
    {
        var found = await store.GetVersionAsync(name, DatasetLimits.Version(version), http.RequestAborted);
        var digest = DatasetLimits.MlflowDigest(found.Digest);
        var versions = await registry.FindVersionsTrainedOnAsync(name, digest, http.RequestAborted);
        return JsonOk.Of(
            new DatasetModelVersionsDto(name, digest, [.. versions.Select(v => v.ToDto())]),
            MlflowJsonContext.Wire.DatasetModelVersionsDto);
    }

    /// <summary>Copies the body to <paramref name="path"/> through SHA-256 in fixed-size chunks, refusing more than <paramref name="limit"/> bytes.</summary>
    private static async Task<(string Digest, long Size)> SpoolAsync(HttpContext http, string path, long limit, CancellationToken cancellationToken)
    {
        // The dataset limit replaces the server-wide body limit for this request; it is enforced below.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = null;
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += read;
            if (size > limit)
            {
                throw new CrucibleException(ErrorCode.PayloadTooLarge, $"The dataset is larger than the limit of {limit} bytes.");
            }

            sha.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }

    private static string? Text(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var values) && values.ToString() is { Length: > 0 } text ? text : null;

    internal static DatasetVersionDto ToDto(DatasetVersion v, bool full) => new(
        v.Name,
        v.Version,
        v.Digest,
        DatasetLimits.MlflowDigest(v.Digest),
        v.SourceUri,
        v.ArtifactLocation,
        v.Format,
        v.RowCount,
        v.SizeBytes,
        v.Provenance.Owner,
        v.Provenance.License,
        v.Provenance.Description,
        v.Provenance.Parents is { Count: > 0 } parents ? [.. parents.Select(p => p.ToString())] : null,
        v.Provenance.Transform,
        v.CreationTimestamp,
        full ? Parse(v.SchemaJson) : null,
        full ? Parse(v.ProfileJson) : null);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
