using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Crucible.Contracts.Mlflow;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.DataQuality.Registration;
using Crucible.Registry;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Hosting;
using Crucible.Server.Security;
using Microsoft.AspNetCore.StaticFiles;

namespace Crucible.Server.Endpoints.Native;

/// <summary>
/// Crucible's model package endpoints: write an ONNX model as a package into a run's artifacts, show a version's
/// package, verify its checksums, and download its files, each checked against the SHA-256 recorded at registration.
/// </summary>
internal static class ModelPackagesEndpoints
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapModelPackages(this IEndpointRouteBuilder api)
    {
        api.MapPost("runs/{runId}/packages/{**path}", WriteAsync).WithAnyBody().Native("WriteModelPackage", "Package an ONNX model (the body) into a run's artifacts");
        api.MapGet("models/{name}/versions/{version}/package", GetAsync).Native("GetModelPackage", "Get a model version's package manifest");
        api.MapPost("models/{name}/versions/{version}/verify", VerifyAsync).Native("VerifyModelPackage", "Verify a model version's package files against their digests").ReadsOnly();
        api.MapGet("models/{name}/versions/{version}/files/{**path}", DownloadAsync).Native("DownloadModelPackageFile", "Download one file of a model version's package").ProducesBytes();
    }

    private static async Task<JsonOk<WritePackageResponse>> WriteAsync(HttpContext http, IRunStore runs, IArtifactStore artifacts, ServerOptions options, TimeProvider time, string runId, string path)
    {
        var relative = ArtifactPath.Normalize(path);
        if (relative.Length == 0)
        {
            throw CrucibleException.Invalid("A package needs a folder path inside the run's artifacts, e.g. 'model'.");
        }

        var source = $"{ModelSource.RunsScheme}{runId}/{relative}";
        var folder = (await ModelSource.ResolveAsync(source, runs, http.RequestAborted))!;
        using var temp = new TempPath(Path.Combine(Path.GetTempPath(), $"crucible-package-{Guid.NewGuid():N}.onnx"));
        var (sha256, size) = await ReceiveAsync(http.Request.Body, temp.Path, options.MaxArtifactBytes, http.RequestAborted);
        var written = await ModelPackageWriter.WriteFileAsync(artifacts, folder, source, temp.Path, sha256, size, runId, time, http.RequestAborted);
        return JsonOk.Of(written, Json.WritePackageResponse);
    }

    /// <summary>Streams the body into <paramref name="path"/> through one 80 KiB buffer, hashing it, refused as soon as it passes <paramref name="limit"/>.</summary>
    private static async Task<(string Sha256, long Size)> ReceiveAsync(Stream body, string path, long limit, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        long size = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                size += read;
                if (size > limit)
                {
                    throw new CrucibleException(ErrorCode.PayloadTooLarge, $"The model is larger than the limit of {limit} bytes.");
                }

                sha.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }

    private static async Task<JsonOk<ModelPackageDto>> GetAsync(HttpContext http, IModelRegistryStore store, string name, string version)
    {
        var (model, package) = await LoadAsync(store, name, version, http.RequestAborted);
        return JsonOk.Of(ToDto(model, package), Json.ModelPackageDto);
    }

    private static async Task<JsonOk<ModelPackageDto>> VerifyAsync(HttpContext http, IModelRegistryStore store, IRunStore runs, IArtifactStore artifacts, string name, string version)
    {
        var model = await store.GetModelVersionAsync(name, version, http.RequestAborted);
        var (_, package) = await ModelPackageVerifier.VerifyAsync(store, runs, artifacts, model, http.RequestAborted);
        return JsonOk.Of(ToDto(model, package), Json.ModelPackageDto);
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, IModelRegistryStore store, IRunStore runs, IArtifactStore artifacts, string name, string version, string path)
    {
        var relative = ArtifactPath.Normalize(path);
        var (model, package) = await LoadAsync(store, name, version, http.RequestAborted);
        var file = package?.Files.FirstOrDefault(f => f.Path == relative)
            ?? throw CrucibleException.NotFound($"Model version {name}/{version} has no recorded file '{relative}'.");
        var folder = await ModelPackageVerifier.FolderAsync(model, runs, http.RequestAborted);
        await ModelPackageVerifier.VerifyFileAsync(artifacts, model, folder, file, http.RequestAborted);
        var stream = await artifacts.OpenReadAsync(ArtifactPath.Combine(folder, relative), http.RequestAborted);
        var contentType = ContentTypes.TryGetContentType(relative, out var type) ? type : "application/octet-stream";
        http.Response.Headers["X-Checksum-Sha256"] = file.Sha256;
        return TypedResults.Stream(stream, contentType, fileDownloadName: null, enableRangeProcessing: false);
    }

    private static async Task<(ModelVersion Model, ModelPackageRecord? Package)> LoadAsync(IModelRegistryStore store, string name, string version, CancellationToken cancellationToken)
    {
        var model = await store.GetModelVersionAsync(name, version, cancellationToken);
        return (model, await store.GetPackageAsync(name, version, cancellationToken));
    }

    private static ModelPackageDto ToDto(ModelVersion model, ModelPackageRecord? package) => new(
        model.Name,
        model.Version,
        model.Source,
        package?.Description is { } json ? JsonSerializer.Deserialize(json, Json.PackageDescriptionDto) : null,
        package?.Files.Select(f => new PackageFileDto(f.Path, f.Sha256, f.Size)).ToList());
}
