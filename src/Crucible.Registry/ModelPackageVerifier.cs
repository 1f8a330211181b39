using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;

namespace Crucible.Registry;

/// <summary>
/// Checks a registered version's files against the SHA-256 recorded at registration. Anything that loads or
/// serves a version's files (downloads, serving) goes through here; a mismatch is <c>DataLoss</c> naming the file.
/// </summary>
public static class ModelPackageVerifier
{
    /// <summary>The store folder of a version's files; <c>InvalidParameterValue</c> when this server does not hold them.</summary>
    public static async Task<string> FolderAsync(ModelVersion version, IRunStore runs, CancellationToken cancellationToken) =>
        await ModelSource.ResolveAsync(version.Source, runs, cancellationToken)
            ?? throw CrucibleException.Invalid($"The files of model version {version.Name}/{version.Version} are at '{version.Source}', which this server does not hold.");

    /// <summary>Re-hashes one recorded file and refuses it when it is missing or changed.</summary>
    public static async Task VerifyFileAsync(IArtifactStore artifacts, ModelVersion version, string folder, PackageFile file, CancellationToken cancellationToken)
    {
        PackageFile actual;
        try
        {
            actual = await ModelPackageInspector.HashAsync(artifacts, ArtifactPath.Combine(folder, file.Path), file.Path, cancellationToken);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            throw Missing(version, file);
        }

        Check(version, file, actual.Sha256, actual.Size);
    }

    /// <summary>Refuses a file whose hash or size is not the one recorded at registration (<c>DataLoss</c> naming the file).</summary>
    public static void Check(ModelVersion version, PackageFile file, string sha256, long size)
    {
        if (sha256 != file.Sha256 || size != file.Size)
        {
            throw new CrucibleException(
                ErrorCode.DataLoss,
                $"Checksum mismatch for '{file.Path}' of model version {version.Name}/{version.Version}: recorded SHA-256 {file.Sha256} ({file.Size} bytes), found {sha256} ({size} bytes). The file was changed after registration.");
        }
    }

    /// <summary>A recorded file that is gone from the store.</summary>
    public static CrucibleException Missing(ModelVersion version, PackageFile file) =>
        new(ErrorCode.DataLoss, $"File '{file.Path}' of model version {version.Name}/{version.Version} is missing from '{version.Source}'.");

    /// <summary>Verifies every recorded file of a version and returns its folder and package (null when none was recorded).</summary>
    public static async Task<(string Folder, ModelPackageRecord? Package)> VerifyAsync(
        IModelRegistryStore store, IRunStore runs, IArtifactStore artifacts, ModelVersion version, CancellationToken cancellationToken)
    {
        var package = await store.GetPackageAsync(version.Name, version.Version, cancellationToken);
        var folder = await FolderAsync(version, runs, cancellationToken);
        foreach (var file in package?.Files ?? [])
        {
            await VerifyFileAsync(artifacts, version, folder, file, cancellationToken);
        }

        return (folder, package);
    }
}
