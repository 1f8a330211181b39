using System.Formats.Tar;
using System.Text;
using Crucible.Core.Artifacts;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.DataQuality.Profiling;
using Crucible.Tabular;

namespace Crucible.DataQuality.Registration;

/// <summary>
/// A folder of CSV or JSON Lines files as one dataset version. The upload is a tar stream (<see cref="ContentType"/>),
/// spooled to disk under the dataset limit and extracted one entry at a time; the files are read as one table
/// (<see cref="TabularFolder"/>: one header, errors naming file and line) and profiled together. The digest is the
/// SHA-256 of the manifest (<c>sha256sum</c> lines over the sorted relative names). Files are stored under
/// <c>datasets/&lt;name&gt;/&lt;digest&gt;/files/</c> with the manifest beside them as <see cref="ManifestName"/>.
/// </summary>
public static class DatasetFolders
{
    public const string ContentType = "application/x-tar";
    public const string ManifestName = "MANIFEST.sha256";
    public const int MaxFiles = 10_000;

    public static bool IsFolder(DatasetVersion version) => version.ArtifactLocation.EndsWith('/');

    /// <summary>The artifact-store folder holding the version's files and manifest.</summary>
    public static string Root(DatasetVersion version) => $"{DatasetFiles.ArtifactFolder}/{version.Name}/{version.Digest}";

    public static async Task<DatasetRegistration> RegisterAsync(
        IDatasetStore store, IArtifactStore artifacts, string tarPath, string name, string format, string? source, DatasetProvenance provenance, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("crucible-dataset-folder-");
        try
        {
            var files = await Task.Run(() => Extract(tarPath, folder.FullName, format), cancellationToken);
            var tabular = TabularFormats.Parse(format) ?? TabularFormat.Csv;
            var (profile, digests) = await Task.Run(
                () =>
                {
                    using var rows = TabularFolder.Open(files, new TabularOptions { Format = tabular });
                    return (DatasetProfiler.Profile(rows, source ?? $"{name} ({files.Count} {format} files)"), rows.Files);
                },
                cancellationToken);
            if (await store.FindByDigestAsync(name, profile.Sha256, cancellationToken) is { } existing)
            {
                return new DatasetRegistration(existing, Created: false);
            }

            var root = $"{DatasetFiles.ArtifactFolder}/{name}/{profile.Sha256}";
            foreach (var file in files)
            {
                await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
                await artifacts.PutAsync($"{root}/files/{file.Name}", stream, cancellationToken);
            }

            using (var manifest = new MemoryStream(Encoding.UTF8.GetBytes(TabularFolder.Manifest(digests))))
            {
                await artifacts.PutAsync($"{root}/{ManifestName}", manifest, cancellationToken);
            }

            return await DatasetFiles.RecordAsync(
                store, name, profile, ArtifactUri.ProxyScheme + "/" + root + "/files/", format, digests.Sum(d => d.Size), source, provenance, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The manifest of a folder version, verified against the version's digest (a changed manifest is <c>DataLoss</c>).</summary>
    public static async Task<IReadOnlyList<DatasetFolderFile>> ListAsync(IArtifactStore artifacts, DatasetVersion version, CancellationToken cancellationToken)
    {
        if (!IsFolder(version))
        {
            throw CrucibleException.Invalid($"Dataset version {version.Name}@{version.Version} is a single file: download it at .../versions/{version.Version}/file.");
        }

        using var buffer = new MemoryStream();
        var path = $"{Root(version)}/{ManifestName}";
        var sha = await DatasetFiles.CopyAsync(artifacts, version, path, buffer, cancellationToken);
        if (sha.Sha256 != version.Digest)
        {
            throw new CrucibleException(ErrorCode.DataLoss, $"The manifest of dataset version {version.Name}@{version.Version} does not match its digest {version.Digest}: the files were changed after registration.");
        }

        var lines = Encoding.UTF8.GetString(buffer.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return [.. lines.Select(line => new DatasetFolderFile(line[66..], line[..64]))];
    }

    /// <summary>One file of a folder version, by its relative name: the stored version with that file's location and digest.</summary>
    public static async Task<DatasetVersion> FileAsync(IArtifactStore artifacts, DatasetVersion version, string relative, CancellationToken cancellationToken)
    {
        var name = ArtifactPath.Normalize(relative);
        var file = (await ListAsync(artifacts, version, cancellationToken)).FirstOrDefault(f => f.Path == name)
            ?? throw CrucibleException.NotFound($"Dataset version {version.Name}@{version.Version} has no file '{relative}'.");
        return version with { ArtifactLocation = version.ArtifactLocation + file.Path, Digest = file.Sha256, SizeBytes = -1 };
    }

    /// <summary>Extracts the regular files of the tar; each must be a <paramref name="format"/> file with a safe relative name.</summary>
    private static List<FolderFile> Extract(string tarPath, string folder, string format)
    {
        var files = new List<FolderFile>();
        using var stream = new FileStream(tarPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);
        TarReader reader;
        try
        {
            reader = new TarReader(stream);
            using (reader)
            {
                while (reader.GetNextEntry() is { } entry)
                {
                    if (entry.EntryType is TarEntryType.Directory)
                    {
                        continue;
                    }

                    var name = ArtifactPath.Normalize(entry.Name);
                    if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    {
                        throw CrucibleException.Invalid($"{name}: only regular files may be in a dataset folder, not {entry.EntryType}.");
                    }

                    if (TabularReader.FormatOf(name) != (TabularFormats.Parse(format) ?? TabularFormat.Csv)
                        || (format == "csv" && !name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
                    {
                        throw CrucibleException.Invalid($"{name}: every file of a {format} dataset folder must be a {format switch { "jsonl" => ".jsonl or .ndjson", "parquet" => ".parquet", _ => ".csv" }} file.");
                    }

                    if (files.Count == MaxFiles)
                    {
                        throw CrucibleException.Invalid($"A dataset folder may hold at most {MaxFiles} files.");
                    }

                    var path = Path.Combine(folder, name.Replace('/', Path.DirectorySeparatorChar));
                    if (File.Exists(path))
                    {
                        throw CrucibleException.Invalid($"The folder lists '{name}' twice.");
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    entry.ExtractToFile(path, overwrite: false);
                    files.Add(new FolderFile(name, path));
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw CrucibleException.Invalid($"The body is not a valid tar archive: {e.Message}");
        }

        return files;
    }
}

/// <summary>One file of a folder version: its relative name and SHA-256, as the manifest records them.</summary>
public sealed record DatasetFolderFile(string Path, string Sha256);
