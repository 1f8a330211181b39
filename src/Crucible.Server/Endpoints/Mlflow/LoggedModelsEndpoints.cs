using System.Text.Json;
using CreateLoggedModel = Crucible.Core.LoggedModels.CreateLoggedModelRequest;
using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Crucible.Core.LoggedModels;
using Crucible.Core.Tracking;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Security;
using Microsoft.AspNetCore.Mvc;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>
/// MLflow 3's logged-model endpoints (service.proto: createLoggedModel, getLoggedModel, finalizeLoggedModel,
/// deleteLoggedModel, searchLoggedModels, setLoggedModelTags, deleteLoggedModelTag, LogLoggedModelParams) and
/// <c>runs/outputs</c>. The model id in the path wins over one in the body.
/// </summary>
internal static class LoggedModelsEndpoints
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapLoggedModels(this IEndpointRouteBuilder api)
    {
        api.MapPost("logged-models", CreateAsync).Mlflow("CreateLoggedModel", "Create a logged model").Body<Crucible.Contracts.Mlflow.CreateLoggedModelRequest>();
        api.MapPost("logged-models/search", SearchAsync).Mlflow("SearchLoggedModels", "Search logged models").Body<SearchLoggedModelsRequest>().ReadsOnly();
        api.MapGet("logged-models/{model_id}", GetAsync).Mlflow("GetLoggedModel", "Get a logged model");
        api.MapPatch("logged-models/{model_id}", FinalizeAsync).Mlflow("FinalizeLoggedModel", "Finalize a logged model's status").Body<FinalizeLoggedModelRequest>();
        api.MapDelete("logged-models/{model_id}", DeleteAsync).Mlflow("DeleteLoggedModel", "Delete a logged model");
        api.MapPatch("logged-models/{model_id}/tags", SetTagsAsync).Mlflow("SetLoggedModelTags", "Set tags on a logged model").Body<SetLoggedModelTagsRequest>();
        api.MapDelete("logged-models/{model_id}/tags/{**tag_key}", DeleteTagAsync).Mlflow("DeleteLoggedModelTag", "Delete a tag of a logged model");
        api.MapPost("logged-models/{model_id}/params", LogParamsAsync).Mlflow("LogLoggedModelParams", "Log parameters of a logged model").Body<LogLoggedModelParamsRequest>();
        api.MapPost("runs/outputs", LogOutputsAsync).Mlflow("LogOutputs", "Log a run's output models").Body<LogOutputsRequest>();
    }

    private static async Task<JsonOk<LoggedModelResponse>> CreateAsync(HttpContext http, ILoggedModelStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.CreateLoggedModelRequest);
        var model = await store.CreateAsync(
            new CreateLoggedModel(
                Guard.Required(r.ExperimentId, "experiment_id"),
                string.IsNullOrEmpty(r.Name) ? null : Guard.MaxLength(r.Name, TrackingLimits.MaxExperimentNameLength, "name"),
                r.ModelType,
                r.SourceRunId,
                Params(r.Params),
                Tags(r.Tags)),
            http.RequestAborted);
        return Model(model);
    }

    private static async Task<JsonOk<LoggedModelResponse>> GetAsync(HttpContext http, ILoggedModelStore store, [FromRoute(Name = "model_id")] string modelId) =>
        Model(await store.GetAsync(modelId, http.RequestAborted));

    private static async Task<JsonOk<LoggedModelResponse>> FinalizeAsync(HttpContext http, ILoggedModelStore store, [FromRoute(Name = "model_id")] string modelId)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.FinalizeLoggedModelRequest);
        var text = r.Status is { } s ? s.ValueKind switch
        {
            JsonValueKind.String => s.GetString(),
            JsonValueKind.Number => s.GetRawText(),
            _ => throw CrucibleException.Invalid("Invalid value for parameter 'status': expected a LoggedModelStatus name."),
        } : null;
        var status = LoggedModelRules.ParseStatus(text);
        if (status == LoggedModelStatus.Pending)
        {
            throw CrucibleException.Invalid("Invalid value 'LOGGED_MODEL_PENDING' for parameter 'status': a model is finalized as LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED.");
        }

        return Model(await store.FinalizeAsync(modelId, status, http.RequestAborted));
    }

    private static async Task<JsonOk<Empty>> DeleteAsync(HttpContext http, ILoggedModelStore store, [FromRoute(Name = "model_id")] string modelId)
    {
        await store.DeleteAsync(modelId, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<LoggedModelResponse>> SetTagsAsync(HttpContext http, ILoggedModelStore store, [FromRoute(Name = "model_id")] string modelId)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.SetLoggedModelTagsRequest);
        return Model(await store.SetTagsAsync(modelId, Tags(r.Tags), http.RequestAborted));
    }

    private static async Task<JsonOk<Empty>> DeleteTagAsync(HttpContext http, ILoggedModelStore store, [FromRoute(Name = "model_id")] string modelId, [FromRoute(Name = "tag_key")] string tagKey)
    {
        await store.DeleteTagAsync(modelId, tagKey, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<Empty>> LogParamsAsync(HttpContext http, ILoggedModelStore store, [FromRoute(Name = "model_id")] string modelId)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.LogLoggedModelParamsRequest);
        await store.LogParamsAsync(modelId, Params(r.Params), http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<SearchLoggedModelsResponse>> SearchAsync(HttpContext http, ILoggedModelStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.SearchLoggedModelsRequest);
        if (r.Datasets is { Count: > 0 })
        {
            throw CrucibleException.Invalid("Searching logged models with 'datasets' is not supported by this server.");
        }

        var order = (r.OrderBy ?? []).Select(o => o.DatasetName is not null || o.DatasetDigest is not null
            ? throw CrucibleException.Invalid("Ordering logged models by a dataset's metric is not supported by this server.")
            : new LoggedModelOrder(Guard.Required(o.FieldName, "field_name"), o.Ascending ?? true)).ToList();
        var query = new LoggedModelSearchQuery(
            r.ExperimentIds ?? [],
            r.Filter,
            Guard.PageSize(r.MaxResults, LoggedModelRules.DefaultSearchResults, LoggedModelRules.MaxSearchResults),
            order,
            r.PageToken);

        // Only models of experiments the caller may read: named experiments it may not read leave the query (so paging
        // stays exact), and a search over every experiment drops the unreadable ones page by page, topping pages up.
        var readable = await Security.Workspaces.ReadFilter.ReadableAsync(http, query.ExperimentIds, Core.Security.ResourceKind.Experiment, id => id);
        var page = query.ExperimentIds.Count > 0
            ? readable.Count == 0 ? new Page<LoggedModel>([], null) : await store.SearchAsync(query with { ExperimentIds = readable }, http.RequestAborted)
            : await Security.Workspaces.ReadFilter.ReadablePageAsync(
                http,
                query.PageToken,
                query.MaxResults,
                (token, size) => store.SearchAsync(query with { PageToken = token, MaxResults = size }, http.RequestAborted),
                Core.Security.ResourceKind.Experiment,
                m => m.ExperimentId);
        return JsonOk.Of(new SearchLoggedModelsResponse(MlflowMapping.NullIfEmpty(page.Items.Select(ToDto)), page.NextPageToken), Json.SearchLoggedModelsResponse);
    }

    private static async Task<JsonOk<Empty>> LogOutputsAsync(HttpContext http, ILoggedModelStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.LogOutputsRequest);
        var runId = Guard.Required(r.RunId, "run_id");
        var outputs = (r.Models ?? []).Select(m => new LoggedModelOutput(
            Guard.Required(m.ModelId, "model_id"),
            m.Step ?? throw CrucibleException.Invalid("Missing value for required parameter 'step'."))).ToList();
        await store.LogOutputsAsync(runId, outputs, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    /// <summary>The run's <c>outputs</c> for runs/get, or null when it produced no logged model (the field is omitted).</summary>
    public static async Task<RunOutputsDto?> RunOutputsAsync(ILoggedModelStore store, string runId, CancellationToken cancellationToken)
    {
        var outputs = await store.GetRunOutputsAsync(runId, cancellationToken);
        return outputs.Count == 0 ? null : new RunOutputsDto(outputs.Select(o => new ModelOutputDto(o.ModelId, o.Step)).ToList());
    }

    private static List<Tag> Tags(IReadOnlyList<KeyValue>? tags) => (tags ?? []).Select(t => t.ToTag()).ToList();

    private static List<Param> Params(IReadOnlyList<KeyValue>? parameters) => (parameters ?? [])
        .Select(p =>
        {
            var key = TrackingValidation.Key(p.Key, "Param");
            return new Param(key, TrackingValidation.Value(p.Value, TrackingLimits.MaxParamValueLength, "Param", key));
        })
        .ToList();

    private static JsonOk<LoggedModelResponse> Model(LoggedModel model) => JsonOk.Of(new LoggedModelResponse(ToDto(model)), Json.LoggedModelResponse);

    private static LoggedModelDto ToDto(LoggedModel m) => new(
        new LoggedModelInfoDto(
            m.ModelId,
            m.ExperimentId,
            m.Name,
            m.CreationTimestamp,
            m.LastUpdatedTimestamp,
            m.ArtifactLocation,
            LoggedModelRules.ToWire(m.Status),
            m.ModelType,
            m.SourceRunId,
            m.StatusMessage,
            MlflowMapping.NullIfEmpty(m.Tags.Select(t => t.ToDto()))),
        new LoggedModelDataDto(
            MlflowMapping.NullIfEmpty(m.Params.Select(p => new KeyValue(p.Key, p.Value))),
            MlflowMapping.NullIfEmpty(m.Metrics.Select(x => x.Metric.ToDto() with { RunId = x.RunId }))));
}
