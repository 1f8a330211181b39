using System.Text.Json.Serialization;

namespace Crucible.Contracts.Serving;

/// <summary>
/// Source-generated JSON for the native deployments API and the Open Inference Protocol's metadata answers:
/// snake_case, nulls omitted. Inference bodies themselves are read and written by hand (Crucible.Serving) to
/// go straight to and from tensor buffers.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(DeploymentRequest))]
[JsonSerializable(typeof(DeploymentResponse))]
[JsonSerializable(typeof(DeploymentsResponse))]
[JsonSerializable(typeof(PredictionsResponse))]
[JsonSerializable(typeof(ServerMetadataDto))]
[JsonSerializable(typeof(ModelMetadataDto))]
[JsonSerializable(typeof(ModelReadyDto))]
[JsonSerializable(typeof(LiveDto))]
[JsonSerializable(typeof(ReadyDto))]
[JsonSerializable(typeof(OipErrorDto))]
public sealed partial class ServingJsonContext : JsonSerializerContext;
