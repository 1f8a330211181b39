using System.Text.Json.Serialization;

namespace Crucible.Contracts.Features;

/// <summary>The body of <c>POST /api/crucible/v1/features/projects</c>: a project name and its definition files (file name to YAML text).</summary>
public sealed record ApplyFeaturesRequest
{
    public string? Name { get; init; }

    public IReadOnlyDictionary<string, string>? Files { get; init; }
}

public sealed record FeatureDto(string Name, string Type);

public sealed record FeatureViewDto(string Name, IReadOnlyList<string> Entities, IReadOnlyList<string> JoinKeys, string Source, long TtlSeconds, string? Owner, IReadOnlyDictionary<string, string> Tags, IReadOnlyList<FeatureDto> Features);

public sealed record FeatureServiceDto(string Name, IReadOnlyList<string> Features, string? Description);

/// <summary>One version of a feature project: its views and services, and (when asked for one project) its files.</summary>
public sealed record FeatureProjectDto(
    string Name,
    long Version,
    string Workspace,
    string Digest,
    long CreationTimestamp,
    IReadOnlyList<string> Entities,
    IReadOnlyList<FeatureViewDto> FeatureViews,
    IReadOnlyList<FeatureServiceDto> FeatureServices,
    IReadOnlyDictionary<string, string>? Files);

public sealed record ApplyFeaturesResponse(FeatureProjectDto Project, bool Created);

public sealed record FeatureProjectResponse(FeatureProjectDto Project);

public sealed record FeatureProjectsResponse(IReadOnlyList<FeatureProjectDto> Projects);

/// <summary>The body of <c>POST /api/crucible/v1/features/online</c>: features (<c>VIEW:FEATURE</c>) or a feature service, for entities given by their join keys.</summary>
public sealed record OnlineFeaturesRequest
{
    public string? Project { get; init; }

    public IReadOnlyList<string>? Features { get; init; }

    public string? Service { get; init; }

    public IReadOnlyList<IReadOnlyDictionary<string, string?>>? Entities { get; init; }
}

/// <summary>One feature's online value: missing (null) when the store has none or it is older than the view's ttl (<see cref="Stale"/>).</summary>
public sealed record OnlineValueDto(string Feature, string? Value, string? EventTimestamp, double? AgeSeconds, bool Stale);

public sealed record OnlineEntityDto(IReadOnlyList<OnlineValueDto> Features);

public sealed record OnlineFeaturesResponse(IReadOnlyList<OnlineEntityDto> Results);

/// <summary>Source-generated JSON for the feature store API: snake_case, nulls omitted.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ApplyFeaturesRequest))]
[JsonSerializable(typeof(ApplyFeaturesResponse))]
[JsonSerializable(typeof(FeatureProjectResponse))]
[JsonSerializable(typeof(FeatureProjectsResponse))]
[JsonSerializable(typeof(OnlineFeaturesRequest))]
[JsonSerializable(typeof(OnlineFeaturesResponse))]
public sealed partial class FeaturesJsonContext : JsonSerializerContext;
