using Crucible.Contracts.Monitoring;
using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Core.Serving;
using Crucible.Monitoring.Performance;
using Crucible.Monitoring.Running;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Endpoints.Serving;
using Crucible.Server.Monitoring;

namespace Crucible.Server.Endpoints.Monitoring;

/// <summary>
/// Ground truth and model performance of a deployment (ProblemDetails errors): labels posted by request id under
/// <c>/api/crucible/v1/deployments/{name}/labels</c>, and realized and CBPE-estimated metrics per window under
/// <c>/api/crucible/v1/deployments/{name}/performance</c>.
/// </summary>
internal static class PerformanceEndpoints
{
    /// <summary>Windows returned when no start is given.</summary>
    public const int DefaultWindows = 24;

    private static PerformanceJsonContext Json => PerformanceJsonContext.Default;

    public static void MapPerformance(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("deployments/{name}");
        api.MapPost("labels", LabelsAsync).Native("PostLabels", "Post ground-truth labels for served requests").Body<LabelsRequest>();
        api.MapGet("performance", PerformanceAsync).Native("GetPerformance", "Get realized and estimated model performance per window");
    }

    private static async Task<JsonOk<LabelsResponse>> LabelsAsync(HttpContext http, IDeploymentStore deployments, IPredictionLabelStore store, string name)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.LabelsRequest);
        var items = request.Labels ?? throw CrucibleException.Invalid("Missing value for required parameter 'labels'.");
        var labels = new List<PredictionLabel>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i] ?? throw CrucibleException.Invalid($"labels[{i}] is null; expected {{\"request_id\": \"...\", \"label\": number}}.");
            labels.Add(new PredictionLabel(Guard.Required(item.RequestId, $"labels[{i}].request_id"), Guard.Required(item.Label, $"labels[{i}].label")));
        }

        await deployments.GetDeploymentAsync(name, http.RequestAborted);
        var result = await store.UpsertLabelsAsync(name, labels, http.RequestAborted);
        return JsonOk.Of(new LabelsResponse(result.Stored, result.Unmatched), Json.LabelsResponse);
    }

    private static async Task<JsonOk<PerformanceResponse>> PerformanceAsync(HttpContext http, IDeploymentStore deployments, PerformanceService service, TimeProvider time, string name)
    {
        await deployments.GetDeploymentAsync(name, http.RequestAborted);
        var q = http.Request.Query;
        var monitor = await service.MonitorOfAsync(name, http.RequestAborted);
        var windowMs = Guard.DurationMs(DeploymentsEndpoints.Long(q, "window_ms") ?? monitor?.Spec.WindowMs ?? MonitorSpec.DefaultWindowMs, "window_ms", MonitorSpec.MinWindowMs);
        var end = Guard.EpochMs(DeploymentsEndpoints.Long(q, "end_ms") ?? time.GetUtcNow().ToUnixTimeMilliseconds(), "end_ms");
        var start = Guard.EpochMs(DeploymentsEndpoints.Long(q, "start_ms") ?? Math.Max(0, end - (DefaultWindows * windowMs)), "start_ms");
        var (referenceStart, referenceEnd) = (Guard.EpochMs(DeploymentsEndpoints.Long(q, "reference_start_ms"), "reference_start_ms"), Guard.EpochMs(DeploymentsEndpoints.Long(q, "reference_end_ms"), "reference_end_ms"));
        if (referenceStart is null != referenceEnd is null)
        {
            throw CrucibleException.Invalid("Give both reference_start_ms and reference_end_ms, or neither (then the deployment's monitor's reference is used).");
        }

        if (referenceStart is null && monitor is null)
        {
            throw CrucibleException.Invalid($"Deployment '{name}' has no monitor: give reference_start_ms and reference_end_ms (a window of its traffic with labels).");
        }

        var task = q["task"].FirstOrDefault() switch
        {
            null or "" => (PerformanceTask?)null,
            "classification" => PerformanceTask.BinaryClassification,
            "regression" => PerformanceTask.Regression,
            var other => throw CrucibleException.Invalid($"Invalid value '{other}' for 'task': expected classification or regression."),
        };
        var scoreOutput = q["score_output"].FirstOrDefault();
        var result = await service.ComputeAsync(
            new PerformanceQuery(
                name, start, end, windowMs, referenceStart ?? monitor!.Spec.ReferenceStartMs, referenceEnd ?? monitor!.Spec.ReferenceEndMs,
                string.IsNullOrEmpty(scoreOutput) ? null : scoreOutput, task),
            http.RequestAborted);
        return JsonOk.Of(PerformanceMapping.ToDto(result), Json.PerformanceResponse);
    }
}
