using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Crucible.Core.Tracking;
using Crucible.Server.Endpoints.Contract;

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
        api.MapPost("runs/log-metric", LogMetricAsync).Mlflow("LogMetric", "Log a metric value of a run").Body<LogMetricRequest>();
        api.MapPost("runs/log-parameter", LogParamAsync).Mlflow("LogParam", "Log a parameter of a run").Body<LogParamRequest>();
        api.MapPost("runs/set-tag", SetTagAsync).Mlflow("SetTag", "Set a tag on a run").Body<SetTagRequest>();
        api.MapPost("runs/delete-tag", DeleteTagAsync).Mlflow("DeleteTag", "Delete a tag of a run").Body<DeleteTagRequest>();
        api.MapPost("runs/log-batch", LogBatchAsync).Mlflow("LogBatch", "Log metrics, parameters and tags of a run at once").Body<LogBatchRequest>();
        api.MapPost("runs/log-inputs", LogInputsAsync).Mlflow("LogInputs", "Log dataset inputs of a run").Body<LogInputsRequest>();
        api.MapGet("metrics/get-history", GetHistoryAsync).Mlflow("GetMetricHistory", "Get every logged value of a run's metric").Query<GetMetricHistoryRequest>();
        api.MapGet("metrics/get-history-bulk-interval", GetHistoryBulkIntervalAsync)
            .Mlflow("GetMetricHistoryBulkInterval", "Get one metric of several runs, sampled to at most max_results steps (what charts read)")
            .Query<GetMetricHistoryBulkIntervalRequest>();
    }

    private static async Task<JsonOk<Empty>> LogMetricAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.LogMetricRequest);
        var metric = new MetricDto(r.Key, r.Value, r.Timestamp, r.Step) { ModelId = r.ModelId, DatasetName = r.DatasetName, DatasetDigest = r.DatasetDigest }.ToMetric();
        return await LogAsync(http, store, MlflowMapping.RunId(r.RunId, r.RunUuid), new LogBatch([metric], [], []));
    }

    private static async Task<JsonOk<Empty>> LogParamAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.LogParamRequest);
        var key = TrackingValidation.Key(r.Key, "Param");
        var value = r.Value ?? throw CrucibleException.Invalid("Missing value for required parameter 'value'.");
        return await LogAsync(http, store, MlflowMapping.RunId(r.RunId, r.RunUuid), new LogBatch([], [new Param(key, value)], []));
    }

    private static async Task<JsonOk<Empty>> SetTagAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.SetTagRequest);
        var tag = new Tag(TrackingValidation.Key(r.Key, "Tag"), r.Value ?? throw CrucibleException.Invalid("Missing value for required parameter 'value'."));
        return await LogAsync(http, store, MlflowMapping.RunId(r.RunId, r.RunUuid), new LogBatch([], [], [tag]));
    }

    private static async Task<JsonOk<Empty>> DeleteTagAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.DeleteTagRequest);
        await store.DeleteTagAsync(Guard.Required(r.RunId, "run_id"), Guard.Required(r.Key, "key"), http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<Empty>> LogBatchAsync(HttpContext http, IRunStore store)
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
    private static async Task<JsonOk<Empty>> LogAsync(HttpContext http, IRunStore store, string runId, LogBatch batch)
    {
        batch = TrackingValidation.TruncateLongValues(batch);
        TrackingValidation.Batch(batch);
        await store.LogBatchAsync(runId, batch, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<Empty>> LogInputsAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.LogInputsRequest);
        var runId = Guard.Required(r.RunId, "run_id");
        var inputs = (r.Datasets ?? []).Select(d => d.ToInput()).ToList();
        await store.LogInputsAsync(runId, inputs, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<GetMetricHistoryResponse>> GetHistoryAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.GetMetricHistoryRequest);
        var runId = MlflowMapping.RunId(r.RunId, r.RunUuid);
        var key = Guard.Required(r.MetricKey, "metric_key");
        // MLflow returns nothing when max_results is absent (an unset proto int); every metric up to the cap is what callers mean.
        var max = Guard.PageSize(r.MaxResults, TrackingLimits.MaxMetricHistoryPage, TrackingLimits.MaxMetricHistoryPage);
        var page = await store.GetMetricHistoryAsync(runId, key, max, r.PageToken, http.RequestAborted);
        return JsonOk.Of(new GetMetricHistoryResponse(page.Items.Select(m => m.ToDto()).ToList(), page.NextPageToken), Json.GetMetricHistoryResponse);
    }

    /// <summary>
    /// A chart's read: the metric of every named run at the steps <see cref="MetricSampling"/> picks, so a
    /// 100,000-step history answers with at most max_results steps per run (plus each run's first and last).
    /// </summary>
    private static async Task<JsonOk<GetMetricHistoryBulkIntervalResponse>> GetHistoryBulkIntervalAsync(HttpContext http, IRunStore store)
    {
        var r = await MlflowRequest.ReadAsync(http, Json.GetMetricHistoryBulkIntervalRequest);
        var runIds = r.RunIds is { Count: > 0 } ids ? ids.Distinct().ToList() : throw CrucibleException.Invalid("Missing value for required parameter 'run_ids'.");
        if (runIds.Count > MetricSampling.MaxRuns)
        {
            throw CrucibleException.Invalid($"GetMetricHistoryBulkInterval request must specify at most {MetricSampling.MaxRuns} run_ids. Received {runIds.Count} run_ids.");
        }

        var key = Guard.Required(r.MetricKey, "metric_key");
        var max = r.MaxResults ?? MetricSampling.MaxResults;
        if (max is < 1 or > MetricSampling.MaxResults)
        {
            throw CrucibleException.Invalid($"max_results must be between 1 and {MetricSampling.MaxResults}.");
        }

        if (r.StartStep.HasValue != r.EndStep.HasValue)
        {
            throw CrucibleException.Invalid("If either start step or end step are specified, both must be specified.");
        }

        if (r.StartStep > r.EndStep)
        {
            throw CrucibleException.Invalid($"end_step must be greater than start_step. Found start_step={r.StartStep} and end_step={r.EndStep}.");
        }

        await Security.Workspaces.ReadFilter.RequireReadableAsync(http, runIds, Core.Security.ResourceKind.Run);
        var histories = new List<IReadOnlyList<Metric>>(runIds.Count);
        foreach (var runId in runIds)
        {
            histories.Add(await FullHistoryAsync(store, runId, key, http.RequestAborted));
        }

        var steps = MetricSampling.Steps([.. histories.Select(h => (IReadOnlyList<long>)[.. h.Select(m => m.Step)])], r.StartStep, r.EndStep, max).ToHashSet();
        var metrics = runIds
            .SelectMany((runId, i) => histories[i]
                .Where(m => steps.Contains(m.Step))
                .OrderBy(m => m.Step).ThenBy(m => m.Timestamp)
                .Select(m => m.ToDto() with { RunId = runId }))
            .ToList();
        return JsonOk.Of(new GetMetricHistoryBulkIntervalResponse(metrics), Json.GetMetricHistoryBulkIntervalResponse);
    }

    private static async Task<IReadOnlyList<Metric>> FullHistoryAsync(IRunStore store, string runId, string key, CancellationToken ct)
    {
        var all = new List<Metric>();
        string? token = null;
        do
        {
            var page = await store.GetMetricHistoryAsync(runId, key, TrackingLimits.MaxMetricHistoryPage, token, ct);
            all.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return all;
    }
}
