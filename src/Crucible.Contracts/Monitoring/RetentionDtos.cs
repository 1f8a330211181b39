using System.Text.Json.Serialization;

namespace Crucible.Contracts.Monitoring;

/// <summary>
/// The body of <c>PUT /api/crucible/v1/deployments/{name}/retention</c>: the deployment's own bounds. A missing or
/// null field uses the server's default; 0 turns that bound off.
/// </summary>
public sealed record RetentionRequest
{
    public long? MaxAgeMs { get; init; }

    public long? MaxBytes { get; init; }
}

/// <summary>
/// A deployment's prediction-log retention: its own bounds (null: the server's default), the bounds in effect, and the
/// log's current rows and logged bytes.
/// </summary>
public sealed record RetentionResponse(
    string Deployment,
    long? MaxAgeMs,
    long? MaxBytes,
    long EffectiveMaxAgeMs,
    long EffectiveMaxBytes,
    long LogRows,
    long LogBytes,
    long? UpdatedTime);

/// <summary>Source-generated JSON for the retention API: snake_case; the bounds are written even when null.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(RetentionRequest))]
[JsonSerializable(typeof(RetentionResponse))]
public sealed partial class RetentionJsonContext : JsonSerializerContext;
