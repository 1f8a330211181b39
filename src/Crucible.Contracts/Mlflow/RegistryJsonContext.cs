using System.Text.Json.Serialization;

namespace Crucible.Contracts.Mlflow;

/// <summary>
/// Source-generated JSON for MLflow's model registry API and Crucible's native registry endpoints, with the same
/// options as <see cref="MlflowJsonContext"/> (snake_case, nulls omitted, numbers accepted from strings).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    PropertyNameCaseInsensitive = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(Empty))]
[JsonSerializable(typeof(CreateRegisteredModelRequest))]
[JsonSerializable(typeof(RegisteredModelResponse))]
[JsonSerializable(typeof(RegisteredModelNameRequest))]
[JsonSerializable(typeof(RenameRegisteredModelRequest))]
[JsonSerializable(typeof(UpdateRegisteredModelRequest))]
[JsonSerializable(typeof(SearchRegisteredModelsRequest))]
[JsonSerializable(typeof(SearchRegisteredModelsResponse))]
[JsonSerializable(typeof(GetLatestVersionsRequest))]
[JsonSerializable(typeof(SetRegisteredModelTagRequest))]
[JsonSerializable(typeof(DeleteRegisteredModelTagRequest))]
[JsonSerializable(typeof(SetRegisteredModelAliasRequest))]
[JsonSerializable(typeof(RegisteredModelAliasRequest))]
[JsonSerializable(typeof(CreateModelVersionRequest))]
[JsonSerializable(typeof(ModelVersionResponse))]
[JsonSerializable(typeof(ModelVersionsResponse))]
[JsonSerializable(typeof(ModelVersionKeyRequest))]
[JsonSerializable(typeof(UpdateModelVersionRequest))]
[JsonSerializable(typeof(SearchModelVersionsRequest))]
[JsonSerializable(typeof(SearchModelVersionsResponse))]
[JsonSerializable(typeof(TransitionModelVersionStageRequest))]
[JsonSerializable(typeof(GetModelVersionDownloadUriResponse))]
[JsonSerializable(typeof(SetModelVersionTagRequest))]
[JsonSerializable(typeof(DeleteModelVersionTagRequest))]
[JsonSerializable(typeof(PackageDescriptionDto))]
[JsonSerializable(typeof(ModelPackageDto))]
[JsonSerializable(typeof(ModelLineageDto))]
[JsonSerializable(typeof(DatasetModelVersionsDto))]
[JsonSerializable(typeof(WritePackageResponse))]
[JsonSerializable(typeof(PackageManifestDto))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class MlflowRegistryJsonContext : JsonSerializerContext
{
    /// <summary>The context with a relaxed encoder, so messages read <c>'x'</c> rather than <c>\u0027x\u0027</c>.</summary>
    /// <remarks>Built on first use: static initializers in the generated partial file run in an undefined order.</remarks>
    public static MlflowRegistryJsonContext Wire => LazyWire.Value;

    private static readonly Lazy<MlflowRegistryJsonContext> LazyWire = new(CreateWire);

    private static MlflowRegistryJsonContext CreateWire()
    {
        var options = new System.Text.Json.JsonSerializerOptions(MlflowRegistryJsonContext.Default.Options)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return new MlflowRegistryJsonContext(options);
    }
}
