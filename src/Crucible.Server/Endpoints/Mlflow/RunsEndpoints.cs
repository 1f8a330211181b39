using CreateRunCommand = Crucible.Core.Tracking.CreateRunRequest;
using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Crucible.Core.LoggedModels;
using Crucible.Core.Tracking;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>MLflow's run endpoints: lifecycle and search. Logging is in <see cref="LoggingEndpoints"/>.</summary>
internal static class RunsEndpoints
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapRuns(this IEndpointRouteBuilder api)
    {
        api.MapPost("runs/create", CreateAsync).Mlflow("CreateRun", "Create a run").Body<Crucible.Contracts.Mlflow.CreateRunRequest>();
        api.MapGet("runs/get", GetAsync).Mlflow("GetRun", "Get a run with its data, inputs and outputs").Query<RunIdRequest>();
        api.MapPost("runs/update", UpdateAsync).Mlflow("UpdateRun", "Update a run's status, end time or name").Body<UpdateRunRequest>();
        api.MapPost("runs/delete", (HttpContext h, IRunStore s) => SetLifecycleAsync(h, s, LifecycleStage.Deleted)).Mlflow("DeleteRun", "Mark a run deleted").Body<RunIdRequest>();
        api.MapPost("runs/restore", (HttpContext h, IRunStore s) => SetLifecycleAsync(h, s, LifecycleStage.Active)).Mlflow("RestoreRun", "Restore a deleted run").Body<RunIdRequest>();
        api.MapMethods("runs/search", [HttpMethods.Post, HttpMethods.Get], SearchAsync).Mlflow("SearchRuns", "Search runs").Body<SearchRunsRequest>().Query<SearchRunsRequest>().ReadsOnly();
    }

    private static async Task<JsonOk<RunResponse>> CreateAsync(HttpContext http, IRunStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.CreateRunRequest);
        var tags = (request.Tags ?? []).Select(t => t.ToTag()).ToList();
        var run = await store.CreateRunAsync(
            new CreateRunCommand(string.IsNullOrEmpty(request.ExperimentId) ? "0" : request.ExperimentId, request.UserId, request.RunName, request.StartTime, tags),
            http.RequestAborted);
        return JsonOk.Of(new RunResponse(run.ToDto()), Json.RunResponse);
    }

    private static async Task<JsonOk<RunResponse>> GetAsync(HttpContext http, IRunStore store, ILoggedModelStore loggedModels)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RunIdRequest);
        var run = await store.GetRunAsync(MlflowMapping.RunId(request.RunId, request.RunUuid), http.RequestAborted);
        var outputs = await LoggedModelsEndpoints.RunOutputsAsync(loggedModels, run.Info.RunId, http.RequestAborted);
        return JsonOk.Of(new RunResponse(run.ToDto() with { Outputs = outputs }), Json.RunResponse);
    }

    private static async Task<JsonOk<UpdateRunResponse>> UpdateAsync(HttpContext http, IRunStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.UpdateRunRequest);
        var runId = MlflowMapping.RunId(request.RunId, request.RunUuid);
        RunStatus? status = string.IsNullOrEmpty(request.Status) ? null : TrackingValidation.RunStatus(request.Status);
        var info = await store.UpdateRunAsync(runId, new RunUpdate(status, request.EndTime, request.RunName), http.RequestAborted);
        return JsonOk.Of(new UpdateRunResponse(info.ToDto()), Json.UpdateRunResponse);
    }

    private static async Task<JsonOk<Empty>> SetLifecycleAsync(HttpContext http, IRunStore store, LifecycleStage stage)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RunIdRequest);
        await store.SetRunLifecycleAsync(MlflowMapping.RunId(request.RunId, request.RunUuid), stage, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<SearchRunsResponse>> SearchAsync(HttpContext http, IRunStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SearchRunsRequest);
        var query = new RunSearchQuery(
            request.ExperimentIds ?? [],
            request.Filter,
            TrackingValidation.ViewType(request.RunViewType),
            Guard.PageSize(request.MaxResults, TrackingLimits.DefaultSearchRuns, TrackingLimits.MaxSearchRuns),
            request.OrderBy ?? [],
            request.PageToken);
        // Only runs of experiments the caller may read: the unreadable ids leave the query, so paging stays exact.
        var readable = await Security.Workspaces.ReadFilter.ReadableAsync(http, query.ExperimentIds, Core.Security.ResourceKind.Experiment, id => id);
        var page = readable.Count == 0 && query.ExperimentIds.Count > 0
            ? new Page<Run>([], null)
            : await store.SearchRunsAsync(query with { ExperimentIds = readable }, http.RequestAborted);
        return JsonOk.Of(new SearchRunsResponse(page.Items.Count == 0 ? null : page.Items.Select(r => r.ToDto()).ToList(), page.NextPageToken), Json.SearchRunsResponse);
    }
}
