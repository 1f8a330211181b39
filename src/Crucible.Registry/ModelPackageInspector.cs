using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crucible.Contracts.Mlflow;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Onnx.Model;

namespace Crucible.Registry;

/// <summary>
/// Validates a model package folder before a version is created: the MLmodel file, the ONNX graph of the
/// <c>onnx</c> flavor, the files its external data names, and the checksums of <c>crucible_package.json</c>.
/// Every failure is an <c>InvalidParameterValue</c> that names the source and the file.
/// </summary>
internal sealed class ModelPackageInspector(IArtifactStore store)
{
    public const string ManifestName = "crucible_package.json";
    public const string ManifestFormat = "crucible-package/1";

    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    /// <summary>
    /// The package record to store with the version, or why the folder holds nothing servable (no files, no MLmodel,
    /// an MLmodel that does not parse, no <c>onnx</c> flavor): MLflow registers those, so they are recorded, not refused.
    /// A package that has an <c>onnx</c> flavor but is damaged (its model file missing or not ONNX, external data missing,
    /// a checksum that does not match its manifest) is refused: recording checksums of a broken package would bless it.
    /// </summary>
    public async Task<PackageInspection> InspectAsync(string source, string folder, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        await ListAsync(folder, string.Empty, paths, cancellationToken);
        if (paths.Count == 0)
        {
            return PackageInspection.Unservable("no files at source");
        }

        if (!paths.Contains(MlModelFile.FileName))
        {
            return PackageInspection.Unservable($"no {MlModelFile.FileName} file at source");
        }

        MlModelFile mlmodel;
        try
        {
            mlmodel = MlModelFile.Parse(Encoding.UTF8.GetString(await ReadAllAsync(ArtifactPath.Combine(folder, MlModelFile.FileName), cancellationToken)));
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.InvalidParameterValue)
        {
            return PackageInspection.Unservable(e.Message.TrimEnd('.'));
        }

        if (mlmodel.OnnxModelFile is null)
        {
            // python_function wraps the others; name the framework flavors when there are any.
            List<string> named = mlmodel.Flavors.Where(f => f != "python_function").ToList() is { Count: > 0 } frameworks ? frameworks : [.. mlmodel.Flavors];
            return PackageInspection.Unservable(named.Count switch
            {
                0 => $"{MlModelFile.FileName} declares no flavor, so there is no onnx model",
                1 => $"flavor {named[0]} has no onnx model",
                _ => $"flavors {string.Join(", ", named)} have no onnx model",
            });
        }

        var modelFile = ArtifactPath.Normalize(mlmodel.OnnxModelFile);
        if (!paths.Contains(modelFile))
        {
            throw CrucibleException.Invalid($"Cannot register '{source}': MLmodel names the ONNX file '{modelFile}', but that artifact is missing.");
        }

        var onnx = await ReadAllAsync(ArtifactPath.Combine(folder, modelFile), cancellationToken);
        OnnxModelInfo info;
        try
        {
            info = OnnxModelReader.Read(onnx);
        }
        catch (CrucibleException e)
        {
            throw CrucibleException.Invalid($"Cannot register '{source}': '{modelFile}' is {e.Message}");
        }

        var modelDir = modelFile.Contains('/', StringComparison.Ordinal) ? modelFile[..modelFile.LastIndexOf('/')] : string.Empty;
        foreach (var external in info.ExternalData)
        {
            var path = ArtifactPath.Combine(modelDir, ArtifactPath.Normalize(external.Location));
            if (!paths.Contains(path))
            {
                throw CrucibleException.Invalid($"Cannot register '{source}': tensor '{external.TensorName}' keeps its data in '{path}', but that artifact is missing.");
            }
        }

        var files = new List<PackageFile>(paths.Count);
        foreach (var path in paths.Order(StringComparer.Ordinal))
        {
            files.Add(await HashAsync(store, ArtifactPath.Combine(folder, path), path, cancellationToken));
        }

        if (paths.Contains(ManifestName))
        {
            await CheckManifestAsync(source, ArtifactPath.Combine(folder, ManifestName), files, cancellationToken);
        }

        var example = mlmodel.InputExample is null ? null : ArtifactPath.Normalize(mlmodel.InputExample);
        if (example is not null && !paths.Contains(example))
        {
            throw CrucibleException.Invalid($"Cannot register '{source}': MLmodel names the input example '{example}', but that artifact is missing.");
        }

        var description = PackageSignatures.Describe(info, modelFile, mlmodel.ModelUuid, mlmodel.RunId) with { InputExample = example };
        return new PackageInspection(new ModelPackageRecord(files, JsonSerializer.Serialize(description, Json.PackageDescriptionDto)), null);
    }

    /// <summary>Streams a file through SHA-256.</summary>
    public static async Task<PackageFile> HashAsync(IArtifactStore store, string storePath, string packagePath, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(storePath, cancellationToken);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            size += read;
        }

        return new PackageFile(packagePath, Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }

    private async Task CheckManifestAsync(string source, string manifestPath, List<PackageFile> files, CancellationToken cancellationToken)
    {
        PackageManifestDto manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(await ReadAllAsync(manifestPath, cancellationToken), Json.PackageManifestDto)
                ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw CrucibleException.Invalid($"Cannot register '{source}': '{ManifestName}' is not a valid package manifest: {e.Message}");
        }

        var actual = files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (var recorded in manifest.Files ?? [])
        {
            if (!actual.TryGetValue(recorded.Path, out var found))
            {
                throw CrucibleException.Invalid($"Cannot register '{source}': '{ManifestName}' lists '{recorded.Path}', but that artifact is missing.");
            }

            if (!string.Equals(found.Sha256, recorded.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw CrucibleException.Invalid($"Cannot register '{source}': checksum mismatch for '{recorded.Path}': the package records SHA-256 {recorded.Sha256}, the file has {found.Sha256}.");
            }
        }
    }

    private async Task ListAsync(string root, string relative, List<string> into, CancellationToken cancellationToken)
    {
        foreach (var entry in await store.ListAsync(ArtifactPath.Combine(root, relative), cancellationToken))
        {
            var name = ArtifactPath.Combine(relative, entry.Path[(entry.Path.LastIndexOf('/') + 1)..]);
            if (entry.IsDir)
            {
                await ListAsync(root, name, into, cancellationToken);
            }
            else
            {
                into.Add(name);
            }
        }
    }

    private async Task<byte[]> ReadAllAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(path, cancellationToken);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }
}

/// <summary>What registration found at a source: a servable ONNX package, or (when <see cref="Package"/> is null) why there is none.</summary>
internal sealed record PackageInspection(ModelPackageRecord? Package, string? UnservableReason)
{
    public static PackageInspection Unservable(string reason) => new(null, reason);
}
