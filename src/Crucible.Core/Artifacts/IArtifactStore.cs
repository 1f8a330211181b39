namespace Crucible.Core.Artifacts;

/// <summary>One entry of a folder listing; <see cref="Path"/> is relative to the store root.</summary>
public sealed record ArtifactEntry(string Path, bool IsDir, long? FileSize);

/// <summary>
/// Where artifact bytes live (a local folder, an S3 bucket). Every path is relative to the store's root and
/// has been through <see cref="ArtifactPath.Normalize"/>; implementations stream and never buffer whole files.
/// </summary>
public interface IArtifactStore
{
    /// <summary>A URI naming the store's root, e.g. <c>file:///srv/artifacts</c> or <c>s3://bucket/prefix</c>.</summary>
    string RootUri { get; }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, replacing any file there. A reader never sees a partial file.</summary>
    Task PutAsync(string path, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens a file for reading; throws <c>ResourceDoesNotExist</c> when it is absent.</summary>
    Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken);

    /// <summary>The direct children of a folder ("" is the root); empty when the folder does not exist.</summary>
    Task<IReadOnlyList<ArtifactEntry>> ListAsync(string path, CancellationToken cancellationToken);

    /// <summary>Deletes a file, or a folder and everything below it. Deleting what is absent is not an error.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken);
}
