namespace Crucible.Core.Datasets;

/// <summary>A parent a version was derived from: <c>name@version</c>.</summary>
public sealed record DatasetParent(string Name, long Version)
{
    public override string ToString() => $"{Name}@{Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>Who made a version, under which terms, and from what.</summary>
public sealed record DatasetProvenance(
    string? Owner = null,
    string? License = null,
    string? Description = null,
    IReadOnlyList<DatasetParent>? Parents = null,
    string? Transform = null)
{
    public static DatasetProvenance None { get; } = new();
}

/// <summary>
/// What a caller records: the file's SHA-256 (<see cref="Digest"/>, lower-case hex), where it came from
/// (<see cref="SourceUri"/>), where it is stored (<see cref="ArtifactLocation"/>), its format (<c>csv</c> or
/// <c>jsonl</c>), rows, bytes, and the schema and profile JSON.
/// </summary>
public sealed record NewDatasetVersion(
    string Name,
    string Digest,
    string? SourceUri,
    string ArtifactLocation,
    string Format,
    long RowCount,
    long SizeBytes,
    string SchemaJson,
    string ProfileJson,
    DatasetProvenance Provenance)
{
    /// <summary>The workspace that owns the dataset when this version creates it (a later version keeps the dataset's).</summary>
    public string Workspace { get; init; } = Security.Caller.DefaultWorkspace;
}

/// <summary>A stored dataset version.</summary>
public sealed record DatasetVersion(
    string Name,
    long Version,
    string Digest,
    string? SourceUri,
    string ArtifactLocation,
    string Format,
    long RowCount,
    long SizeBytes,
    string SchemaJson,
    string ProfileJson,
    DatasetProvenance Provenance,
    long CreationTimestamp);

/// <summary>The outcome of a registration: the version, and whether it was new or already held the digest.</summary>
public sealed record DatasetRegistration(DatasetVersion Version, bool Created);

/// <summary>A dataset with its newest version.</summary>
public sealed record DatasetSummary(string Name, long LatestVersion, long CreationTimestamp, long LastUpdatedTimestamp);
