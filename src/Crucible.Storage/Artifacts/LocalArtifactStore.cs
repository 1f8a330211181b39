using Crucible.Core.Artifacts;
using Crucible.Core.Errors;

namespace Crucible.Storage.Artifacts;

/// <summary>
/// An <see cref="IArtifactStore"/> backed by a local folder. Writes go to a hidden temp file beside the target,
/// are fsynced, renamed into place and the folder fsynced (with any folders the write created), so a reader never
/// sees a partial file and an acknowledged write survives a power loss. Temp files an interrupted process left
/// behind are removed by <see cref="RemoveStaleUploads"/>. Every path is confined to the root, symlinks included.
/// </summary>
public sealed class LocalArtifactStore : IArtifactStore
{
    /// <summary>Name prefix of in-flight upload files; they are hidden from listings and cannot be written directly.</summary>
    internal const string TempPrefix = ".crucible-upload-";

    private const int BufferSize = 81920;

    /// <summary>Creates a store rooted at <paramref name="rootPath"/> (made absolute; created on the first write).</summary>
    public LocalArtifactStore(string rootPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootPath);
        RootPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootPath));
        RootUri = new Uri(RootPath).AbsoluteUri;
    }

    /// <summary>The absolute root folder.</summary>
    public string RootPath { get; }

    /// <inheritdoc />
    public string RootUri { get; }

    /// <summary>Creates a store from a <c>file://</c> URI or a plain folder path.</summary>
    public static LocalArtifactStore FromUri(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile)
            {
                throw CrucibleException.Invalid($"Invalid file URI '{uri}'.");
            }

            return new LocalArtifactStore(parsed.LocalPath);
        }

        if (uri.Contains("://", StringComparison.Ordinal))
        {
            throw CrucibleException.Invalid($"'{uri}' is not a local artifact location (expected file:// or a folder path).");
        }

        return new LocalArtifactStore(uri);
    }

    /// <inheritdoc />
    public async Task PutAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var normalized = ArtifactPath.Normalize(path);
        if (normalized.Length == 0)
        {
            throw CrucibleException.Invalid("An artifact path is required to write a file.");
        }

        if (Path.GetFileName(normalized).StartsWith(TempPrefix, StringComparison.Ordinal))
        {
            throw CrucibleException.Invalid($"Invalid artifact path '{normalized}': the name '{TempPrefix}*' is reserved.");
        }

        var target = Resolve(normalized);
        if (Directory.Exists(target))
        {
            throw CrucibleException.Invalid($"Cannot write '{normalized}': a folder exists at that path.");
        }

        var folder = Path.GetDirectoryName(target)!;
        var existing = FirstExisting(folder);
        CreateFolder(folder, normalized);

        // Re-check after creating folders: a symlink swapped in meanwhile must not redirect the write.
        var realFolder = LocalPaths.RealPath(folder);
        EnsureConfined(realFolder, normalized);

        var temp = Path.Combine(realFolder, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await using (stream.ConfigureAwait(false))
            {
                await content.CopyToAsync(stream, BufferSize, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            File.Move(temp, Path.Combine(realFolder, Path.GetFileName(target)), overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        // The rename, and every folder this write created, must reach the disk before the write is acknowledged.
        for (var dir = realFolder; ; dir = Path.GetDirectoryName(dir)!)
        {
            DurableFiles.SyncFolder(dir);
            if (existing is null || dir.Length <= existing.Length || Path.GetDirectoryName(dir) is null)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Deletes the temp files of writes that never finished (a killed process leaves them) last written before
    /// <paramref name="writtenBefore"/>; a write in progress keeps its file's time fresh, so a cut-off well in the past
    /// cannot touch it. Returns how many were removed. Symlinked folders are not followed.
    /// </summary>
    public int RemoveStaleUploads(DateTimeOffset writtenBefore)
    {
        if (!Directory.Exists(RootPath))
        {
            return 0;
        }

        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            MatchType = MatchType.Simple,
        };
        var removed = 0;
        foreach (var file in new DirectoryInfo(RootPath).EnumerateFiles(TempPrefix + "*", options))
        {
            if (file.LastWriteTimeUtc < writtenBefore.UtcDateTime && LocalPaths.IsUnder(file.FullName, RootPath))
            {
                TryDelete(file.FullName);
                removed += File.Exists(file.FullName) ? 0 : 1;
            }
        }

        return removed;
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var normalized = ArtifactPath.Normalize(path);
        var target = Resolve(normalized);
        if (!File.Exists(target))
        {
            throw NotFound(normalized);
        }

        try
        {
            Stream stream = new FileStream(
                target, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(normalized);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var normalized = ArtifactPath.Normalize(path);
        var folder = Resolve(normalized);
        if (!Directory.Exists(folder))
        {
            return Task.FromResult<IReadOnlyList<ArtifactEntry>>([]);
        }

        var realRoot = LocalPaths.RealPath(RootPath);
        var entries = new List<ArtifactEntry>();
        foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (info.Name.StartsWith(TempPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var real = info;
            if (info.LinkTarget is not null)
            {
                // Only list links that stay inside the root; anything else is invisible to callers.
                var resolved = LocalPaths.RealPath(info.FullName);
                if (!LocalPaths.IsUnder(resolved, realRoot))
                {
                    continue;
                }

                real = Directory.Exists(resolved) ? new DirectoryInfo(resolved) : new FileInfo(resolved);
            }

            var relative = ArtifactPath.Combine(normalized, info.Name);
            entries.Add(real switch
            {
                DirectoryInfo => new ArtifactEntry(relative, IsDir: true, FileSize: null),
                FileInfo { Exists: true } file => new ArtifactEntry(relative, IsDir: false, file.Length),
                _ => new ArtifactEntry(relative, IsDir: false, FileSize: null),
            });
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return Task.FromResult<IReadOnlyList<ArtifactEntry>>(entries);
    }

    /// <inheritdoc />
    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var normalized = ArtifactPath.Normalize(path);
        if (normalized.Length == 0)
        {
            throw CrucibleException.Invalid("Refusing to delete the artifact root; name a file or folder.");
        }

        var target = Resolve(normalized);
        try
        {
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            else if (File.Exists(target))
            {
                File.Delete(target);
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted concurrently: deleting what is absent is not an error.
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Maps a normalized artifact path to its real file system path, refusing anything that leaves the root
    /// lexically or through a symlink.
    /// </summary>
    private string Resolve(string normalized)
    {
        // Defence in depth: callers normalize, but the store must not trust them.
        var again = ArtifactPath.Normalize(normalized);
        var lexical = Path.GetFullPath(Path.Combine(RootPath, again.Replace('/', Path.DirectorySeparatorChar)));
        if (!LocalPaths.IsUnder(lexical, RootPath))
        {
            throw Escapes(normalized);
        }

        var real = LocalPaths.RealPath(lexical);
        EnsureConfined(real, normalized);
        return real;
    }

    private void EnsureConfined(string realPath, string normalized)
    {
        if (!LocalPaths.IsUnder(realPath, LocalPaths.RealPath(RootPath)))
        {
            throw Escapes(normalized);
        }
    }

    /// <summary>The nearest of <paramref name="folder"/> and its parents that exists now; null when none does.</summary>
    private static string? FirstExisting(string folder)
    {
        for (var dir = folder; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir))
            {
                return dir;
            }
        }

        return null;
    }

    private static void CreateFolder(string folder, string normalized)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (IOException ex)
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, $"Cannot write '{normalized}': a parent of it is a file.", ex);
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Best effort: the temp file is hidden from listings either way.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }

    private static CrucibleException NotFound(string normalized) =>
        CrucibleException.NotFound($"Artifact '{normalized}' does not exist.");

    private static CrucibleException Escapes(string normalized) =>
        CrucibleException.Invalid($"Invalid artifact path '{normalized}': it resolves outside the artifact root.");
}
