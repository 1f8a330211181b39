using System.Globalization;
using System.Text.Json;
using Crucible.Contracts.Monitoring;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.Core.Monitoring;
using Crucible.Core.Net;
using Crucible.Core.Serving;
using Crucible.Monitoring.Drift;
using Crucible.Monitoring.Running;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Monitoring;

namespace Crucible.Server.Endpoints.Monitoring;

/// <summary>
/// The native monitoring API (ProblemDetails errors): drift monitors under <c>/api/crucible/v1/monitors</c>, an
/// on-demand run over one window, and alerts under <c>/api/crucible/v1/alerts</c>.
/// </summary>
internal static class MonitorsEndpoints
{
    private static MonitoringJsonContext Json => MonitoringJsonContext.Default;

    public static void MapMonitors(this IEndpointRouteBuilder app)
    {
        var monitors = app.MapGroup("monitors");
        monitors.MapPost(string.Empty, CreateAsync).Native("CreateMonitor", "Create a drift monitor").Body<MonitorRequest>();
        monitors.MapGet(string.Empty, ListAsync).Native("ListMonitors", "List drift monitors");
        monitors.MapGet("{id}", GetAsync).Native("GetMonitor", "Get a drift monitor");
        monitors.MapDelete("{id}", DeleteAsync).Native("DeleteMonitor", "Delete a drift monitor").ProducesEmptyObject();
        monitors.MapPatch("{id}", PatchAsync).Native("UpdateMonitor", "Change a drift monitor's settings").Body<PatchMonitorRequest>();
        monitors.MapPost("{id}/run", RunAsync).Native("RunMonitor", "Run a drift monitor over one window").Body<RunMonitorRequest>();
        monitors.MapGet("{id}/evaluations", EvaluationsAsync).Native("ListMonitorEvaluations", "List a drift monitor's evaluations");
        app.MapGet("alerts", AlertsAsync).Native("ListAlerts", "List drift alerts");
        app.MapGet("retraining-signals", SignalsAsync).Native("ListRetrainingSignals", "List retraining signals raised by monitors");
    }

    private static async Task<JsonOk<MonitorResponse>> CreateAsync(
        HttpContext http, IMonitorStore store, IDeploymentStore deployments, IDatasetStore datasets, OutboundTargets targets, Core.Security.IWorkspaceStore workspaces)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.MonitorRequest);
        // A monitor belongs to the workspace of the deployment it watches.
        var owner = await workspaces.LocateAsync(Core.Security.ResourceKind.Deployment, request.Deployment ?? string.Empty, http.RequestAborted);
        var spec = MonitorMapping.ToSpec(request) with { Workspace = owner?.Workspace ?? Security.Workspaces.TargetWorkspaceAccess.TargetWorkspace(http) };
        if (spec.WebhookUrl is { } webhook)
        {
            targets.CheckUrl(webhook, "webhook_url");
        }

        await deployments.GetDeploymentAsync(spec.Deployment, http.RequestAborted);
        if (spec.ReferenceDataset is { } reference)
        {
            var parsed = DatasetLimits.Reference(reference);
            await datasets.GetVersionAsync(parsed.Name, parsed.Version, http.RequestAborted);
        }

        var created = await store.CreateMonitorAsync(spec, http.RequestAborted);
        return JsonOk.Of(new MonitorResponse(MonitorMapping.ToDto(created)), Json.MonitorResponse);
    }

    private static async Task<JsonOk<MonitorsResponse>> ListAsync(HttpContext http, IMonitorStore store)
    {
        var deployment = http.Request.Query["deployment"].FirstOrDefault();
        var monitors = await Security.Workspaces.ReadFilter.ReadableAsync(
            http, await store.ListMonitorsAsync(string.IsNullOrEmpty(deployment) ? null : deployment, http.RequestAborted), Core.Security.ResourceKind.Monitor, m => m.Id);
        return JsonOk.Of(new MonitorsResponse([.. monitors.Select(MonitorMapping.ToDto)]), Json.MonitorsResponse);
    }

    private static async Task<JsonOk<MonitorResponse>> GetAsync(HttpContext http, IMonitorStore store, string id) =>
        JsonOk.Of(new MonitorResponse(MonitorMapping.ToDto(await store.GetMonitorAsync(id, http.RequestAborted))), Json.MonitorResponse);

    private static async Task<IResult> DeleteAsync(HttpContext http, IMonitorStore store, string id)
    {
        await store.DeleteMonitorAsync(id, http.RequestAborted);
        return TypedResults.Text("{}", "application/json");
    }

    private static async Task<JsonOk<MonitorResponse>> PatchAsync(HttpContext http, IMonitorStore store, string id)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.PatchMonitorRequest);
        var enabled = Guard.Required(request.Enabled, "enabled");
        var monitor = await store.SetEnabledAsync(id, enabled, http.RequestAborted);
        return JsonOk.Of(new MonitorResponse(MonitorMapping.ToDto(monitor)), Json.MonitorResponse);
    }

    private static async Task<JsonOk<RunMonitorResponse>> RunAsync(HttpContext http, IMonitorStore store, MonitorRunner runner, string id)
    {
        var monitor = await store.GetMonitorAsync(id, http.RequestAborted);
        var request = await MlflowRequest.ReadAsync(http, Json.RunMonitorRequest);
        var start = Guard.EpochMs(Guard.Required(request.WindowStart, "window_start"), "window_start");
        var end = Guard.EpochMs(Guard.Required(request.WindowEnd, "window_end"), "window_end");
        // The request's end is not the client's business to cancel halfway: an alert and its webhook go together.
        var run = await runner.RunAsync(monitor, start, end, CancellationToken.None);
        JsonElement? drift = run.Report is null ? null : MonitorMapping.Parse(DriftJson.Serialize(run.Report));
        return JsonOk.Of(
            new RunMonitorResponse(
                monitor.Id, run.WindowStartMs, run.WindowEndMs, run.ReferenceRecords, run.WindowRecords, run.DataQualityIssues,
                run.Report?.DatasetDrift, drift, run.Alert is null ? null : MonitorMapping.ToDto(run.Alert), [.. run.Resolved.Select(MonitorMapping.ToDto)], run.Note,
                // Left out for drift-share monitors (their alert's evidence carries it), so older clients read the run as before.
                run.Outcome is null || monitor.Spec.Rule == MonitorRule.DriftShare ? null : MonitorMapping.Parse(run.Outcome.Evidence()),
                run.Signal is null ? null : MonitorMapping.ToDto(run.Signal)),
            Json.RunMonitorResponse);
    }

    private static async Task<JsonOk<MonitorEvaluationsResponse>> EvaluationsAsync(HttpContext http, IMonitorStore store, string id)
    {
        var max = MaxResults(http.Request.Query);
        await store.GetMonitorAsync(id, http.RequestAborted);
        var evaluations = await store.ListEvaluationsAsync(id, max, http.RequestAborted);
        return JsonOk.Of(
            new MonitorEvaluationsResponse([.. evaluations.Select(e => new MonitorEvaluationDto(
                e.WindowStartMs, e.WindowEndMs, e.Rule.Name(), e.Fired, MonitorMapping.Parse(e.Evidence), e.EvaluationTimeMs))]),
            Json.MonitorEvaluationsResponse);
    }

    private static async Task<JsonOk<RetrainingSignalsResponse>> SignalsAsync(HttpContext http, IRetrainingSignalStore store)
    {
        var query = http.Request.Query;
        var deployment = query["deployment"].FirstOrDefault();
        var signals = await Security.Workspaces.ReadFilter.ReadableAsync(
            http, await store.ListSignalsAsync(string.IsNullOrEmpty(deployment) ? null : deployment, MaxResults(query), http.RequestAborted),
            Core.Security.ResourceKind.Monitor, s => s.MonitorId);
        return JsonOk.Of(new RetrainingSignalsResponse([.. signals.Select(s => MonitorMapping.ToDto(s))]), Json.RetrainingSignalsResponse);
    }

    private static int MaxResults(IQueryCollection query)
    {
        var maxText = query["max_results"].FirstOrDefault();
        var max = 100;
        if (!string.IsNullOrEmpty(maxText) && !int.TryParse(maxText, NumberStyles.Integer, CultureInfo.InvariantCulture, out max))
        {
            throw CrucibleException.Invalid($"Invalid value '{maxText}' for 'max_results': expected an integer.");
        }

        return max;
    }

    private static async Task<JsonOk<AlertsResponse>> AlertsAsync(HttpContext http, IMonitorStore store)
    {
        var query = http.Request.Query;
        var status = query["status"].FirstOrDefault() switch
        {
            null or "" => (AlertStatus?)null,
            "firing" => AlertStatus.Firing,
            "resolved" => AlertStatus.Resolved,
            var other => throw CrucibleException.Invalid($"Invalid value '{other}' for 'status': expected firing or resolved."),
        };
        var max = MaxResults(query);
        var deployment = query["deployment"].FirstOrDefault();
        var monitor = query["monitor_id"].FirstOrDefault();
        // Only alerts of monitors the caller may read, as the monitor list filters (a query naming one was checked by the guard).
        var alerts = await Security.Workspaces.ReadFilter.ReadableAsync(
            http,
            await store.ListAlertsAsync(
                new AlertQuery(string.IsNullOrEmpty(deployment) ? null : deployment, status, string.IsNullOrEmpty(monitor) ? null : monitor, max),
                http.RequestAborted),
            Core.Security.ResourceKind.Monitor,
            a => a.MonitorId);
        return JsonOk.Of(new AlertsResponse([.. alerts.Select(MonitorMapping.ToDto)]), Json.AlertsResponse);
    }
}
