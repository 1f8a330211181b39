using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Crucible.Core.Tracking;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>MLflow's experiment endpoints: create, get, get-by-name, search, update, delete, restore, tags.</summary>
internal static class ExperimentsEndpoints
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapExperiments(this IEndpointRouteBuilder api)
    {
        api.MapPost("experiments/create", CreateAsync);
        api.MapGet("experiments/get", GetAsync);
        api.MapGet("experiments/get-by-name", GetByNameAsync);
        api.MapMethods("experiments/search", [HttpMethods.Post, HttpMethods.Get], SearchAsync).ReadsOnly();
        api.MapPost("experiments/update", UpdateAsync);
        api.MapPost("experiments/delete", (HttpContext h, IExperimentStore s) => SetLifecycleAsync(h, s, LifecycleStage.Deleted));
        api.MapPost("experiments/restore", (HttpContext h, IExperimentStore s) => SetLifecycleAsync(h, s, LifecycleStage.Active));
        api.MapPost("experiments/set-experiment-tag", SetTagAsync);
        api.MapPost("experiments/delete-experiment-tag", DeleteTagAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.CreateExperimentRequest);
        var name = TrackingValidation.ExperimentName(request.Name);
        var tags = (request.Tags ?? []).Select(t => t.ToTag()).ToList();
        var id = await store.CreateExperimentAsync(name, request.ArtifactLocation, tags, http.RequestAborted);
        return TypedResults.Json(new CreateExperimentResponse(id), Json.CreateExperimentResponse);
    }

    private static async Task<IResult> GetAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.ExperimentIdRequest);
        var experiment = await store.GetExperimentAsync(Guard.Required(request.ExperimentId, "experiment_id"), http.RequestAborted);
        return TypedResults.Json(new GetExperimentResponse(experiment.ToDto()), Json.GetExperimentResponse);
    }

    private static async Task<IResult> GetByNameAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.GetExperimentByNameRequest);
        var name = Guard.Required(request.ExperimentName, "experiment_name");
        var experiment = await store.FindExperimentByNameAsync(name, http.RequestAborted)
            ?? throw CrucibleException.NotFound($"Could not find experiment with name '{name}'");
        return TypedResults.Json(new GetExperimentResponse(experiment.ToDto()), Json.GetExperimentResponse);
    }

    private static async Task<IResult> SearchAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SearchExperimentsRequest);
        var query = new ExperimentSearchQuery(
            request.Filter,
            TrackingValidation.ViewType(request.ViewType),
            Guard.PageSize(request.MaxResults, TrackingLimits.DefaultSearchExperiments, TrackingLimits.MaxSearchExperiments),
            request.OrderBy ?? [],
            request.PageToken);
        var page = await store.SearchExperimentsAsync(query, http.RequestAborted);
        return TypedResults.Json(new SearchExperimentsResponse(page.Items.Count == 0 ? null : page.Items.Select(e => e.ToDto()).ToList(), page.NextPageToken), Json.SearchExperimentsResponse);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.UpdateExperimentRequest);
        var id = Guard.Required(request.ExperimentId, "experiment_id");
        await store.RenameExperimentAsync(id, TrackingValidation.ExperimentName(request.NewName), http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> SetLifecycleAsync(HttpContext http, IExperimentStore store, LifecycleStage stage)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.ExperimentIdRequest);
        await store.SetExperimentLifecycleAsync(Guard.Required(request.ExperimentId, "experiment_id"), stage, http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> SetTagAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SetExperimentTagRequest);
        var id = Guard.Required(request.ExperimentId, "experiment_id");
        var tag = new KeyValue(request.Key, request.Value ?? throw CrucibleException.Invalid("Missing value for required parameter 'value'.")).ToTag();
        await store.SetExperimentTagAsync(id, tag, http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> DeleteTagAsync(HttpContext http, IExperimentStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.DeleteExperimentTagRequest);
        await store.DeleteExperimentTagAsync(Guard.Required(request.ExperimentId, "experiment_id"), Guard.Required(request.Key, "key"), http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }
}
