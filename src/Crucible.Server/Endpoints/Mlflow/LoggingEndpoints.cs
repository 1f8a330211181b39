using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Crucible.Core.Tracking;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>
/// MLflow's logging endpoints: metrics, params, tags, batches, dataset inputs and metric history. Param values over
/// 6,000 characters and tag values over 8,000 are stored cut to that length, as MLflow's server does by default.
/// </summary>
internal static class LoggingEndpoints
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapLogging(this IEndpointRouteBuilder api)
    {
        api.MapPost("runs/log-metric", LogMetricAsync);
        api.MapPost("runs/log-parameter", LogParamAsync);
        api.MapPost("runs/set-tag", SetTagAsync);
        api.MapPost("runs/delete-tag", DeleteTagAsync);
        api.MapPost("runs/log-batch", LogBatchAsync);
        api.MapPost("runs/log-inputs", LogInputsAsync);
        api.MapGet("metrics/get-history", GetHistoryAsync);
    }

    private static async Task<IResult> LogMetricAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.LogMetricRequest);
        var metric = new MetricDto(r.Key, r.Value, r.Timestamp, r.Step) { ModelId = r.ModelId, DatasetName = r.DatasetName, DatasetDigest = r.DatasetDigest }.ToMetric();
        return await LogAsync(http, store, MlflowMapping.RunId(r.RunId, r.RunUuid), new LogBatch([metric], [], []));
    }

    private static async Task<IResult> LogParamAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.LogParamRequest);
        var key = TrackingValidation.Key(r.Key, "Param");
        var value = r.Value ?? throw CrucibleException.Invalid("Missing value for required parameter 'value'.");
        return await LogAsync(http, store, MlflowMapping.RunId(r.RunId, r.RunUuid), new LogBatch([], [new Param(key, value)], []));
    }

    private static async Task<IResult> SetTagAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.SetTagRequest);
        var tag = new Tag(TrackingValidation.Key(r.Key, "Tag"), r.Value ?? throw CrucibleException.Invalid("Missing value for required parameter 'value'."));
        return await LogAsync(http, store, MlflowMapping.RunId(r.RunId, r.RunUuid), new LogBatch([], [], [tag]));
    }

    private static async Task<IResult> DeleteTagAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.DeleteTagRequest);
        await store.DeleteTagAsync(Guard.Required(r.RunId, "run_id"), Guard.Required(r.Key, "key"), http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> LogBatchAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.LogBatchRequest);
        var runId = Guard.Required(r.RunId, "run_id");
        var batch = new LogBatch(
            (r.Metrics ?? []).Select(m => m.ToMetric()).ToList(),
            (r.Params ?? []).Select(p => new Param(Guard.Required(p.Key, "key"), p.Value ?? string.Empty)).ToList(),
            (r.Tags ?? []).Select(t => new Tag(Guard.Required(t.Key, "key"), t.Value ?? string.Empty)).ToList());
        return await LogAsync(http, store, runId, batch);
    }

    /// <summary>Logs params, metrics and tags with over-long param and tag values cut to MLflow's limits, as MLflow's server does.</summary>
    private static async Task<IResult> LogAsync(HttpContext http, IRunStore store, string runId, LogBatch batch)
    {
        batch = TrackingValidation.TruncateLongValues(batch);
        TrackingValidation.Batch(batch);
        await store.LogBatchAsync(runId, batch, http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> LogInputsAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.LogInputsRequest);
        var runId = Guard.Required(r.RunId, "run_id");
        var inputs = (r.Datasets ?? []).Select(d => d.ToInput()).ToList();
        await store.LogInputsAsync(runId, inputs, http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> GetHistoryAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.GetMetricHistoryRequest);
        var runId = MlflowMapping.RunId(r.RunId, r.RunUuid);
        var key = Guard.Required(r.MetricKey, "metric_key");
        // MLflow returns nothing when max_results is absent (an unset proto int); every metric up to the cap is what callers mean.
        var max = Guard.PageSize(r.MaxResults, TrackingLimits.MaxMetricHistoryPage, TrackingLimits.MaxMetricHistoryPage);
        var page = await store.GetMetricHistoryAsync(runId, key, max, r.PageToken, http.RequestAborted);
        return TypedResults.Json(new GetMetricHistoryResponse(page.Items.Select(m => m.ToDto()).ToList(), page.NextPageToken), Json.GetMetricHistoryResponse);
    }
}
