using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crucible.Contracts.Datasets;

/// <summary>
/// A dataset version as <c>/api/crucible/v1/datasets</c> returns it. <see cref="Schema"/> (an array of
/// <c>{name, type, nullable}</c>, readable by <c>crucible data check --schema</c>) and <see cref="Profile"/>
/// (<c>crucible data profile --json</c>'s document) are only filled when one version is asked for.
/// <see cref="MlflowDigest"/> is the digest a run logs as its dataset input (MLflow caps digests at 36 characters).
/// </summary>
public sealed record DatasetVersionDto(
    string Name,
    long Version,
    string Digest,
    string MlflowDigest,
    string? Source,
    string ArtifactLocation,
    string Format,
    long RowCount,
    long SizeBytes,
    string? Owner,
    string? License,
    string? Description,
    IReadOnlyList<string>? Parents,
    string? Transform,
    long CreationTimestamp,
    JsonElement? Schema = null,
    JsonElement? Profile = null);

/// <summary>The answer to a registration: <see cref="Created"/> is false when the name already held the file's digest.</summary>
public sealed record RegisterDatasetVersionResponse(DatasetVersionDto DatasetVersion, bool Created);

public sealed record DatasetVersionsResponse(string Name, IReadOnlyList<DatasetVersionDto> Versions);

public sealed record DatasetSummaryDto(string Name, long LatestVersion, long CreationTimestamp, long LastUpdatedTimestamp);

public sealed record DatasetsResponse(IReadOnlyList<DatasetSummaryDto> Datasets);

/// <summary>
/// <c>POST datasets/{name}/versions/{version}/redact</c>: <see cref="Method"/> is <c>mask</c>, <c>hash</c> or <c>drop</c>;
/// without <see cref="Columns"/> the columns a PII scan flags (at <see cref="Threshold"/>) are redacted. The result is a
/// new version of <see cref="Target"/> (default: the same dataset). <see cref="Salt"/> keys <c>hash</c> and is never stored.
/// </summary>
public sealed record RedactDatasetRequest(
    string? Method = null,
    IReadOnlyList<string>? Columns = null,
    string? Salt = null,
    string? Target = null,
    double? Threshold = null,
    string? Owner = null,
    string? License = null,
    string? Description = null);

/// <summary>The redacted version, whether it was new, and the method and columns applied.</summary>
public sealed record RedactDatasetResponse(DatasetVersionDto DatasetVersion, bool Created, string Method, IReadOnlyList<string> Columns);

/// <summary>
/// <c>POST datasets/{name}/versions/{version}/checks</c>: the options of <c>crucible data check</c>. <see cref="Reference"/>
/// is another registered version, <c>NAME@VERSION</c>; <see cref="Conditions"/> are <c>name=value</c> overrides.
/// </summary>
public sealed record DatasetChecksRequest(string? Label = null, string? Reference = null, IReadOnlyList<string>? Conditions = null);

/// <summary>A file of a folder version: its path relative to the folder and its SHA-256.</summary>
public sealed record DatasetFileDto(string Path, string Sha256);

/// <summary><c>GET datasets/{name}/versions/{version}/files</c>: a folder version's files, each downloadable at <c>files/{path}</c>.</summary>
public sealed record DatasetFilesResponse(string Name, long Version, IReadOnlyList<DatasetFileDto> Files);

/// <summary>What <c>DELETE datasets/{name}[/versions/{version}]</c> removed.</summary>
public sealed record DeleteDatasetResponse(string Name, IReadOnlyList<long> DeletedVersions);

/// <summary>Source-generated JSON for the dataset endpoints: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(RegisterDatasetVersionResponse))]
[JsonSerializable(typeof(DatasetVersionDto))]
[JsonSerializable(typeof(DatasetVersionsResponse))]
[JsonSerializable(typeof(DatasetsResponse))]
[JsonSerializable(typeof(RedactDatasetRequest))]
[JsonSerializable(typeof(RedactDatasetResponse))]
[JsonSerializable(typeof(DatasetChecksRequest))]
[JsonSerializable(typeof(DeleteDatasetResponse))]
[JsonSerializable(typeof(DatasetFilesResponse))]
public sealed partial class DatasetsJsonContext : JsonSerializerContext;
