using System.Security.Cryptography;
using System.Text.Json;
using Crucible.Core.Artifacts;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.DataQuality.Profiling;
using Crucible.DataQuality.Serialization;
using Crucible.Tabular;

namespace Crucible.DataQuality.Registration;

/// <summary>
/// A dataset version's file on both sides of the server: registering a file already on local disk (profile, store
/// under its digest, then record) and fetching a version's file to local disk, verified against its recorded SHA-256.
/// </summary>
public static class DatasetFiles
{
    /// <summary>The artifact-store folder under which every dataset version's files live.</summary>
    public const string ArtifactFolder = "datasets";

    private const int BufferSize = 81920;

    /// <summary>The store path of a version's file: by digest, so it is written before the version number exists.</summary>
    public static string FilePath(string name, string digest, string format) => $"{ArtifactFolder}/{name}/{digest}/data.{format}";

    /// <summary>A fresh path in the temporary folder, deleted when the returned handle is disposed.</summary>
    public static TempPath Temp(string extension) => new(Path.Combine(Path.GetTempPath(), $"crucible-dataset-{Guid.NewGuid():N}.{extension}"));

    /// <summary>
    /// Profiles <paramref name="file"/> (a bad file is <c>InvalidParameterValue</c> naming the line, and
    /// nothing is stored), then returns the version already holding its digest, or writes the file to
    /// the artifact store and records a new version. A failure may leave an orphan file, never a version without its file.
    /// </summary>
    public static async Task<DatasetRegistration> RegisterAsync(
        IDatasetStore store, IArtifactStore artifacts, DatasetFile file, string name, string? source, DatasetProvenance provenance, CancellationToken cancellationToken)
    {
        var tabular = TabularFormats.Parse(file.Format) ?? TabularFormat.Csv;
        var profile = await Task.Run(
            () => DatasetProfiler.Profile(file.Path, new ScanOptions { Reader = new TabularOptions { Format = tabular } }),
            cancellationToken);
        profile = profile with { Source = source ?? $"{name} ({file.Format})" };
        if (await store.FindByDigestAsync(name, file.Digest, cancellationToken) is { } existing)
        {
            return new DatasetRegistration(existing, Created: false);
        }

        var path = FilePath(name, file.Digest, file.Format);
        await using (var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            await artifacts.PutAsync(path, stream, cancellationToken);
        }

        return await RecordAsync(store, name, profile with { Sha256 = file.Digest }, ArtifactUri.ProxyScheme + "/" + path, file.Format, file.Size, source, provenance, cancellationToken);
    }

    /// <summary>Records a version whose files are already stored at <paramref name="location"/>; the digest is the profile's.</summary>
    public static Task<DatasetRegistration> RecordAsync(
        IDatasetStore store, string name, DatasetProfile profile, string location, string format, long size, string? source, DatasetProvenance provenance, CancellationToken cancellationToken) =>
        store.RegisterVersionAsync(
            new NewDatasetVersion(
                name,
                profile.Sha256,
                source,
                location,
                format,
                profile.RowCount,
                size,
                SchemaJson(profile),
                JsonSerializer.Serialize(profile, DataQualityJsonContext.Default.DatasetProfile),
                provenance),
            cancellationToken);

    /// <summary>
    /// Copies a version's file to a temporary path through SHA-256 and checks digest and size on the way: a missing
    /// or changed file is <c>DataLoss</c>, as for a download.
    /// </summary>
    public static async Task<TempPath> FetchAsync(IArtifactStore artifacts, DatasetVersion version, CancellationToken cancellationToken)
    {
        var temp = Temp(version.Format);
        try
        {
            await using var target = new FileStream(temp.Path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
            await CopyVerifiedAsync(artifacts, version, target, cancellationToken);
            return temp;
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Streams a version's file into <paramref name="target"/> (<see cref="Stream.Null"/> to only verify) through SHA-256,
    /// then checks digest and size; returns the file's artifact-store path.
    /// </summary>
    public static async Task<string> CopyVerifiedAsync(IArtifactStore artifacts, DatasetVersion version, Stream target, CancellationToken cancellationToken)
    {
        var path = StorePath(version);
        var (sha256, size) = await CopyAsync(artifacts, version, path, target, cancellationToken);
        Verify(version, sha256, size);
        return path;
    }

    /// <summary>Streams the file at <paramref name="path"/> into <paramref name="target"/> through SHA-256; a missing file is <c>DataLoss</c>.</summary>
    public static async Task<(string Sha256, long Size)> CopyAsync(IArtifactStore artifacts, DatasetVersion version, string path, Stream target, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using (var source = await OpenAsync(artifacts, version, path, cancellationToken))
        {
            var buffer = new byte[BufferSize];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                size += read;
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        return (Convert.ToHexStringLower(sha.GetHashAndReset()), size);
    }

    /// <summary>
    /// The artifact-store path of a version's file; <c>InvalidParameterValue</c> for a folder version (its files are read
    /// one by one), <c>InvalidState</c> when it lives somewhere this server does not serve.
    /// </summary>
    public static string StorePath(DatasetVersion version) => DatasetFolders.IsFolder(version)
        ? throw CrucibleException.Invalid(
            $"Dataset version {version.Name}@{version.Version} is a folder of files: list them at .../versions/{version.Version}/files and download each at .../files/<path>. Checks, PII scans and redaction take single-file versions.")
        : ArtifactUri.StorePath(version.ArtifactLocation)
        ?? throw new CrucibleException(ErrorCode.InvalidState, $"Dataset version {version.Name}@{version.Version} is stored at '{version.ArtifactLocation}', which this server does not serve.");

    /// <summary>
    /// Deletes the files of deleted versions. A version's files live in <c>datasets/&lt;name&gt;/&lt;sha256&gt;/</c>, which
    /// no other version of the name shares; delete the records first, so a failure leaves an orphan file, never a record without its file.
    /// </summary>
    public static async Task DeleteFilesAsync(IArtifactStore artifacts, IEnumerable<DatasetVersion> versions, CancellationToken cancellationToken)
    {
        foreach (var version in versions)
        {
            if (ArtifactUri.StorePath(version.ArtifactLocation) is { } path && path.StartsWith($"{ArtifactFolder}/{version.Name}/{version.Digest}/", StringComparison.Ordinal))
            {
                await artifacts.DeleteAsync($"{ArtifactFolder}/{version.Name}/{version.Digest}", cancellationToken);
            }
        }
    }

    /// <summary>Opens a version's file; a missing one is <c>DataLoss</c>.</summary>
    private static async Task<Stream> OpenAsync(IArtifactStore artifacts, DatasetVersion version, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await artifacts.OpenReadAsync(path, cancellationToken);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceDoesNotExist)
        {
            throw new CrucibleException(ErrorCode.DataLoss, $"The file of dataset version {version.Name}@{version.Version} is missing from '{version.ArtifactLocation}'.");
        }
    }

    /// <summary>
    /// Throws <c>DataLoss</c> when the bytes read do not match what was recorded at registration (a negative
    /// <see cref="DatasetVersion.SizeBytes"/> means only the digest is recorded, as for one file of a folder).
    /// </summary>
    private static void Verify(DatasetVersion version, string sha256, long size)
    {
        if (sha256 != version.Digest || (version.SizeBytes >= 0 && size != version.SizeBytes))
        {
            throw new CrucibleException(
                ErrorCode.DataLoss,
                $"Checksum mismatch for dataset version {version.Name}@{version.Version}: recorded SHA-256 {version.Digest} ({version.SizeBytes} bytes), found {sha256} ({size} bytes). The file was changed after registration.");
        }
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
}

/// <summary>A local file to register: its path, format (<c>csv</c> or <c>jsonl</c>), SHA-256 and size.</summary>
public sealed record DatasetFile(string Path, string Format, string Digest, long Size);

/// <summary>A temporary file path, deleted on dispose.</summary>
public sealed class TempPath(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose() => File.Delete(Path);
}
