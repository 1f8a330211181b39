using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Crucible.Core.Tracking;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Security;

using Crucible.Core.Security;
using Crucible.Server.Security.Workspaces;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>MLflow's experiment endpoints: create, get, get-by-name, search, update, delete, restore, tags.</summary>
internal static class ExperimentsEndpoints
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapExperiments(this IEndpointRouteBuilder api)
    {
        api.MapPost("experiments/create", CreateAsync).Mlflow("CreateExperiment", "Create an experiment").Body<CreateExperimentRequest>();
        api.MapGet("experiments/get", GetAsync).Mlflow("GetExperiment", "Get an experiment by id").Query<ExperimentIdRequest>();
        api.MapGet("experiments/get-by-name", GetByNameAsync).Mlflow("GetExperimentByName", "Get an experiment by name").Query<GetExperimentByNameRequest>();
        api.MapMethods("experiments/search", [HttpMethods.Post, HttpMethods.Get], SearchAsync).Mlflow("SearchExperiments", "Search experiments").Body<SearchExperimentsRequest>().Query<SearchExperimentsRequest>().ReadsOnly();
        api.MapPost("experiments/update", UpdateAsync).Mlflow("UpdateExperiment", "Rename an experiment").Body<UpdateExperimentRequest>();
        api.MapPost("experiments/delete", (HttpContext h, IExperimentStore s) => SetLifecycleAsync(h, s, LifecycleStage.Deleted)).Mlflow("DeleteExperiment", "Mark an experiment deleted").Body<ExperimentIdRequest>();
        api.MapPost("experiments/restore", (HttpContext h, IExperimentStore s) => SetLifecycleAsync(h, s, LifecycleStage.Active)).Mlflow("RestoreExperiment", "Restore a deleted experiment").Body<ExperimentIdRequest>();
        api.MapPost("experiments/set-experiment-tag", SetTagAsync).Mlflow("SetExperimentTag", "Set a tag on an experiment").Body<SetExperimentTagRequest>();
        api.MapPost("experiments/delete-experiment-tag", DeleteTagAsync).Mlflow("DeleteExperimentTag", "Delete a tag of an experiment").Body<DeleteExperimentTagRequest>();
    }

    private static async Task<JsonOk<CreateExperimentResponse>> CreateAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.CreateExperimentRequest);
        var name = TrackingValidation.ExperimentName(request.Name);
        var tags = (request.Tags ?? []).Select(t => t.ToTag()).ToList();
        var id = await store.CreateExperimentAsync(name, request.ArtifactLocation, tags, http.TargetWorkspace(), http.RequestAborted);
        return JsonOk.Of(new CreateExperimentResponse(id), Json.CreateExperimentResponse);
    }

    private static async Task<JsonOk<GetExperimentResponse>> GetAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.ExperimentIdRequest);
        var experiment = await store.GetExperimentAsync(Guard.Required(request.ExperimentId, "experiment_id"), http.RequestAborted);
        return JsonOk.Of(new GetExperimentResponse(experiment.ToDto()), Json.GetExperimentResponse);
    }

    private static async Task<JsonOk<GetExperimentResponse>> GetByNameAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.GetExperimentByNameRequest);
        var name = Guard.Required(request.ExperimentName, "experiment_name");
        var experiment = await store.FindExperimentByNameAsync(name, http.RequestAborted)
            ?? throw CrucibleException.NotFound($"Could not find experiment with name '{name}'");
        return JsonOk.Of(new GetExperimentResponse(experiment.ToDto()), Json.GetExperimentResponse);
    }

    private static async Task<JsonOk<SearchExperimentsResponse>> SearchAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SearchExperimentsRequest);
        var query = new ExperimentSearchQuery(
            request.Filter,
            TrackingValidation.ViewType(request.ViewType),
            Guard.PageSize(request.MaxResults, TrackingLimits.DefaultSearchExperiments, TrackingLimits.MaxSearchExperiments),
            request.OrderBy ?? [],
            request.PageToken);
        var page = await ReadFilter.ReadablePageAsync(
            http, query.PageToken, query.MaxResults, (token, size) => store.SearchExperimentsAsync(query with { PageToken = token, MaxResults = size }, http.RequestAborted), ResourceKind.Experiment, e => e.ExperimentId);
        return JsonOk.Of(new SearchExperimentsResponse(page.Items.Count == 0 ? null : page.Items.Select(e => e.ToDto()).ToList(), page.NextPageToken), Json.SearchExperimentsResponse);
    }

    private static async Task<JsonOk<Empty>> UpdateAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.UpdateExperimentRequest);
        var id = Guard.Required(request.ExperimentId, "experiment_id");
        await store.RenameExperimentAsync(id, TrackingValidation.ExperimentName(request.NewName), http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<Empty>> SetLifecycleAsync(HttpContext http, IExperimentStore store, LifecycleStage stage)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.ExperimentIdRequest);
        await store.SetExperimentLifecycleAsync(Guard.Required(request.ExperimentId, "experiment_id"), stage, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<Empty>> SetTagAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SetExperimentTagRequest);
        var id = Guard.Required(request.ExperimentId, "experiment_id");
        var tag = new KeyValue(request.Key, request.Value ?? throw CrucibleException.Invalid("Missing value for required parameter 'value'.")).ToTag();
        await store.SetExperimentTagAsync(id, tag, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<Empty>> DeleteTagAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.DeleteExperimentTagRequest);
        await store.DeleteExperimentTagAsync(Guard.Required(request.ExperimentId, "experiment_id"), Guard.Required(request.Key, "key"), http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }
}
