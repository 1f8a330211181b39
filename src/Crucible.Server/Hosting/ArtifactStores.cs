using Crucible.Artifacts.S3;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Storage.Artifacts;

namespace Crucible.Server.Hosting;

/// <summary>Chooses the artifact store by URI scheme: a plain path or <c>file://</c> is a local folder, <c>s3://</c> a bucket.</summary>
internal static class ArtifactStores
{
    public static IArtifactStore Open(string destination)
    {
        if (destination.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return S3ArtifactStore.FromUri(destination);
        }

        if (destination.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return LocalArtifactStore.FromUri(destination);
        }

        if (destination.Contains("://", StringComparison.Ordinal))
        {
            throw CrucibleException.Invalid($"Unsupported artifacts destination '{destination}': use a path, file:///path or s3://bucket/prefix.");
        }

        return new LocalArtifactStore(Path.GetFullPath(destination));
    }
}
