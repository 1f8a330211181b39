using System.Security.Cryptography;
using System.Text.Json;
using Crucible.Contracts.Datasets;
using Crucible.Contracts.Mlflow;
using Crucible.Core.Artifacts;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.DataQuality.Profiling;
using Crucible.DataQuality.Reading;
using Crucible.DataQuality.Serialization;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Hosting;
using Crucible.Server.Registry;
using Microsoft.AspNetCore.Http.Features;

namespace Crucible.Server.Endpoints.Native;

/// <summary>
/// Datasets as named, versioned records. A registration streams the body to a temporary file while hashing it
/// (memory stays bounded whatever the size), profiles it (a bad file is a 400 naming the line, and nothing is
/// stored), writes it to the artifact store under its digest, and only then records the version: a failure
/// may leave an orphan file, never a version without its file.
/// </summary>
internal static class DatasetsEndpoints
{
    public const string ArtifactFolder = "datasets";

    private static DatasetsJsonContext Json => DatasetsJsonContext.Default;

    public static void MapDatasets(this IEndpointRouteBuilder api)
    {
        api.MapPost("datasets/{name}/versions", RegisterAsync);
        api.MapGet("datasets", ListDatasetsAsync);
        api.MapGet("datasets/{name}/versions", ListVersionsAsync);
        api.MapGet("datasets/{name}/versions/{version}", GetVersionAsync);
        api.MapGet("datasets/{name}/versions/{version}/file", DownloadAsync);
        api.MapGet("datasets/{name}/versions/{version}/model-versions", TrainedAsync);
    }

    /// <summary>The store path of a version's file: by digest, so it is written before the version number exists.</summary>
    public static string FilePath(string name, string digest, string format) => $"{ArtifactFolder}/{name}/{digest}/data.{format}";

    private static async Task<IResult> RegisterAsync(
        HttpContext http, IDatasetStore store, IArtifactStore artifacts, ServerOptions options, string name)
    {
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
            throw CrucibleException.Invalid($"The dataset is {http.Request.ContentLength} bytes, larger than the limit of {limit} bytes.");
        }

        var temp = Path.Combine(Path.GetTempPath(), $"crucible-dataset-{Guid.NewGuid():N}.{format}");
        try
        {
            var (digest, size) = await SpoolAsync(http, temp, limit, cancellationToken);
            var tabular = format == "jsonl" ? TabularFormat.Jsonl : TabularFormat.Csv;
            var profile = await Task.Run(
                () => DatasetProfiler.Profile(temp, new ScanOptions { Reader = new ReaderOptions { Format = tabular } }),
                cancellationToken);
            profile = profile with { Source = source ?? $"{name} ({format})" };

            // The same file registered again: no second copy, no new version.
            if (await store.FindByDigestAsync(name, digest, cancellationToken) is { } existing)
            {
                return TypedResults.Json(new RegisterDatasetVersionResponse(ToDto(existing, full: true), Created: false), Json.RegisterDatasetVersionResponse);
            }

            var path = FilePath(name, digest, format);
            await using (var file = new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan))
            {
                await artifacts.PutAsync(path, file, cancellationToken);
            }

            var registration = await store.RegisterVersionAsync(
                new NewDatasetVersion(
                    name,
                    digest,
                    source,
                    ModelSource.ProxyScheme + "/" + path,
                    format,
                    profile.RowCount,
                    size,
                    SchemaJson(profile),
                    JsonSerializer.Serialize(profile, DataQualityJsonContext.Default.DatasetProfile),
                    provenance),
                cancellationToken);
            return TypedResults.Json(new RegisterDatasetVersionResponse(ToDto(registration.Version, full: true), registration.Created), Json.RegisterDatasetVersionResponse);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<IResult> ListDatasetsAsync(HttpContext http, IDatasetStore store)
    {
        var datasets = await store.ListDatasetsAsync(http.RequestAborted);
        return TypedResults.Json(
            new DatasetsResponse([.. datasets.Select(d => new DatasetSummaryDto(d.Name, d.LatestVersion, d.CreationTimestamp, d.LastUpdatedTimestamp))]),
            Json.DatasetsResponse);
    }

    private static async Task<IResult> ListVersionsAsync(HttpContext http, IDatasetStore store, string name)
    {
        var versions = await store.ListVersionsAsync(name, http.RequestAborted);
        return TypedResults.Json(new DatasetVersionsResponse(name, [.. versions.Select(v => ToDto(v, full: false))]), Json.DatasetVersionsResponse);
    }

    private static async Task<IResult> GetVersionAsync(HttpContext http, IDatasetStore store, string name, string version)
    {
        var found = await store.GetVersionAsync(name, DatasetLimits.Version(version), http.RequestAborted);
        return TypedResults.Json(ToDto(found, full: true), Json.DatasetVersionDto);
    }

    /// <summary>The version's file in the artifact store, checked against its recorded SHA-256 and size (<c>DataLoss</c> when missing or changed).</summary>
    internal static async Task<string> VerifiedPathAsync(IArtifactStore artifacts, DatasetVersion found, CancellationToken cancellationToken)
    {
        var path = ModelSource.FromProxyUri(found.ArtifactLocation)
            ?? throw new CrucibleException(ErrorCode.InvalidState, $"Dataset version {found.Name}@{found.Version} is stored at '{found.ArtifactLocation}', which this server does not serve.");
        PackageFile actual;
        try
        {
            actual = await ModelPackageInspector.HashAsync(artifacts, path, path, cancellationToken);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            throw new CrucibleException(ErrorCode.DataLoss, $"The file of dataset version {found.Name}@{found.Version} is missing from '{found.ArtifactLocation}'.");
        }

        if (actual.Sha256 != found.Digest || actual.Size != found.SizeBytes)
        {
            throw new CrucibleException(
                ErrorCode.DataLoss,
                $"Checksum mismatch for dataset version {found.Name}@{found.Version}: recorded SHA-256 {found.Digest} ({found.SizeBytes} bytes), found {actual.Sha256} ({actual.Size} bytes). The file was changed after registration.");
        }

        return path;
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, IDatasetStore store, IArtifactStore artifacts, string name, string version)
    {
        var cancellationToken = http.RequestAborted;
        var found = await store.GetVersionAsync(name, DatasetLimits.Version(version), cancellationToken);
        var path = await VerifiedPathAsync(artifacts, found, cancellationToken);
        var stream = await artifacts.OpenReadAsync(path, cancellationToken);
        http.Response.Headers["X-Checksum-Sha256"] = found.Digest;
        var contentType = found.Format == "jsonl" ? "application/jsonl" : "text/csv";
        return TypedResults.Stream(stream, contentType, fileDownloadName: $"{name}-{found.Version}.{found.Format}", enableRangeProcessing: false);
    }

    /// <summary>
    /// Model versions whose source run logged a dataset input with this version's name and digest (the
    /// <see cref="DatasetLimits.MlflowDigest"/> form, as MLflow caps digests at 36 characters).
    /// </summary>
    private static async Task<IResult> TrainedAsync(HttpContext http, IDatasetStore store, IModelRegistryStore registry, string name, string version)
    {
        var found = await store.GetVersionAsync(name, DatasetLimits.Version(version), http.RequestAborted);
        var digest = DatasetLimits.MlflowDigest(found.Digest);
        var versions = await registry.FindVersionsTrainedOnAsync(name, digest, http.RequestAborted);
        return TypedResults.Json(
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
                throw CrucibleException.Invalid($"The dataset is larger than the limit of {limit} bytes.");
            }

            sha.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }

    /// <summary>The schema as <c>[{name, type, nullable}]</c>, the form <c>crucible data check --schema</c> reads.</summary>
    private static string SchemaJson(DatasetProfile profile)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var column in profile.Columns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", column.Name);
                writer.WritePropertyName("type");
                JsonSerializer.Serialize(writer, column.Type, DataQualityJsonContext.Default.ColumnType);
                writer.WriteBoolean("nullable", column.Nullable);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? Text(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var values) && values.ToString() is { Length: > 0 } text ? text : null;

    private static DatasetVersionDto ToDto(DatasetVersion v, bool full) => new(
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
