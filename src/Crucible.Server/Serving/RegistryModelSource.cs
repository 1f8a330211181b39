using System.Security.Cryptography;
using System.Text.Json;
using Crucible.Contracts.Mlflow;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Onnx.Model;
using Crucible.Registry;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Serving;

/// <summary>
/// Serves models from this server's registry and artifact store. The bytes that are loaded are the bytes that are
/// hashed: each file is read once, its SHA-256 compared with the one recorded at registration, and only then handed
/// to ONNX Runtime; a changed file is <c>DataLoss</c>. Models with external weights are copied, verified, into a
/// private local folder so ONNX Runtime can open them by path.
/// </summary>
internal sealed class RegistryModelSource(IModelRegistryStore registry, IRunStore runs, IArtifactStore artifacts, string cacheFolder) : IModelSource
{
    public async Task<string> ResolveAliasAsync(string model, string alias, CancellationToken cancellationToken) =>
        (await registry.GetVersionByAliasAsync(model, alias, cancellationToken)).Version;

    public async Task<ModelFile> OpenAsync(string model, string version, CancellationToken cancellationToken)
    {
        var entity = await registry.GetModelVersionAsync(model, version, cancellationToken);
        var package = await registry.GetPackageAsync(model, version, cancellationToken);
        var description = package?.Description is { } json ? JsonSerializer.Deserialize(json, MlflowJsonContext.Wire.PackageDescriptionDto) : null;
        if (package is null || description is null)
        {
            throw CrucibleException.Invalid(
                $"Model version {model}/{version} has no ONNX package (source '{entity.Source}'); register an MLflow package with the onnx flavor to serve it.");
        }

        var folder = await ModelPackageVerifier.FolderAsync(entity, runs, cancellationToken);
        var modelFile = Recorded(package, entity, description.ModelFile);
        var bytes = await ReadVerifiedAsync(entity, folder, modelFile, cancellationToken);
        var info = OnnxModelReader.Read(bytes);
        var features = OnnxFeatureNames.Read(info);
        if (info.ExternalData.Count == 0)
        {
            return new ModelFile(bytes, FeatureNames: features);
        }

        // External weights: ORT resolves them next to the model file, so lay the verified files out on disk.
        var local = Path.Combine(cacheFolder, $"{Sanitize(model)}-{version}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        Directory.CreateDirectory(local);
        var modelDir = description.ModelFile.Contains('/', StringComparison.Ordinal) ? description.ModelFile[..description.ModelFile.LastIndexOf('/')] : string.Empty;
        var modelPath = Path.Combine(local, Path.GetFileName(description.ModelFile));
        await File.WriteAllBytesAsync(modelPath, bytes, cancellationToken);
        foreach (var location in info.ExternalData.Select(e => e.Location).Distinct(StringComparer.Ordinal))
        {
            var relative = ArtifactPath.Combine(modelDir, ArtifactPath.Normalize(location));
            var data = await ReadVerifiedAsync(entity, folder, Recorded(package, entity, relative), cancellationToken);
            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(modelPath)!, ArtifactPath.Normalize(location)));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, data, cancellationToken);
        }

        return new ModelFile(bytes, modelPath, features);
    }

    private static PackageFile Recorded(ModelPackageRecord package, ModelVersion entity, string path) =>
        package.Files.FirstOrDefault(f => f.Path == path)
        ?? throw new CrucibleException(ErrorCode.DataLoss, $"Model version {entity.Name}/{entity.Version} has no recorded checksum for '{path}'.");

    private async Task<byte[]> ReadVerifiedAsync(ModelVersion entity, string folder, PackageFile file, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            await using var stream = await artifacts.OpenReadAsync(ArtifactPath.Combine(folder, file.Path), cancellationToken);
            using var buffer = new MemoryStream(file.Size is > 0 and < int.MaxValue ? (int)file.Size : 0);
            await stream.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            throw ModelPackageVerifier.Missing(entity, file);
        }

        ModelPackageVerifier.Check(entity, file, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.LongLength);
        return bytes;
    }

    private static string Sanitize(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_'));
}
