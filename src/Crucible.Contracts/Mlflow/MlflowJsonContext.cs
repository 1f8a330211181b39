using System.Text.Json.Serialization;

namespace Crucible.Contracts.Mlflow;

/// <summary>
/// Source-generated JSON for MLflow's REST API (tracking, registry, artifacts) and the native registry endpoints: snake_case names, nulls omitted (as proto3 JSON omits unset
/// fields), int64 as numbers, NaN and infinities as "NaN"/"Infinity", and numbers accepted from strings
/// (query strings carry everything as text).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    PropertyNameCaseInsensitive = false,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(Empty))]
[JsonSerializable(typeof(CreateExperimentRequest))]
[JsonSerializable(typeof(CreateExperimentResponse))]
[JsonSerializable(typeof(ExperimentIdRequest))]
[JsonSerializable(typeof(GetExperimentByNameRequest))]
[JsonSerializable(typeof(GetExperimentResponse))]
[JsonSerializable(typeof(SearchExperimentsRequest))]
[JsonSerializable(typeof(SearchExperimentsResponse))]
[JsonSerializable(typeof(UpdateExperimentRequest))]
[JsonSerializable(typeof(SetExperimentTagRequest))]
[JsonSerializable(typeof(DeleteExperimentTagRequest))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(RunIdRequest))]
[JsonSerializable(typeof(UpdateRunRequest))]
[JsonSerializable(typeof(UpdateRunResponse))]
[JsonSerializable(typeof(SearchRunsRequest))]
[JsonSerializable(typeof(SearchRunsResponse))]
[JsonSerializable(typeof(LogMetricRequest))]
[JsonSerializable(typeof(LogParamRequest))]
[JsonSerializable(typeof(SetTagRequest))]
[JsonSerializable(typeof(DeleteTagRequest))]
[JsonSerializable(typeof(LogBatchRequest))]
[JsonSerializable(typeof(LogInputsRequest))]
[JsonSerializable(typeof(GetMetricHistoryRequest))]
[JsonSerializable(typeof(GetMetricHistoryResponse))]
[JsonSerializable(typeof(GetMetricHistoryBulkIntervalRequest))]
[JsonSerializable(typeof(GetMetricHistoryBulkIntervalResponse))]
[JsonSerializable(typeof(ListArtifactsResponse))]
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
[JsonSerializable(typeof(OnnxSummaryDto))]
[JsonSerializable(typeof(ModelPackageDto))]
[JsonSerializable(typeof(ModelLineageDto))]
[JsonSerializable(typeof(DatasetModelVersionsDto))]
[JsonSerializable(typeof(WritePackageResponse))]
[JsonSerializable(typeof(PackageManifestDto))]
[JsonSerializable(typeof(LoggedModelResponse))]
[JsonSerializable(typeof(CreateLoggedModelRequest))]
[JsonSerializable(typeof(FinalizeLoggedModelRequest))]
[JsonSerializable(typeof(LoggedModelIdRequest))]
[JsonSerializable(typeof(SetLoggedModelTagsRequest))]
[JsonSerializable(typeof(LogLoggedModelParamsRequest))]
[JsonSerializable(typeof(SearchLoggedModelsRequest))]
[JsonSerializable(typeof(SearchLoggedModelsResponse))]
[JsonSerializable(typeof(LogOutputsRequest))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class MlflowJsonContext : JsonSerializerContext
{
    /// <summary>The context with a relaxed encoder, so messages read <c>'x'</c> rather than <c>\u0027x\u0027</c>.</summary>
    /// <remarks>Built on first use: static initializers in the generated partial file run in an undefined order.</remarks>
    public static MlflowJsonContext Wire => LazyWire.Value;

    private static readonly Lazy<MlflowJsonContext> LazyWire = new(CreateWire);

    private static MlflowJsonContext CreateWire()
    {
        var options = new System.Text.Json.JsonSerializerOptions(MlflowJsonContext.Default.Options)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return new MlflowJsonContext(options);
    }
}
