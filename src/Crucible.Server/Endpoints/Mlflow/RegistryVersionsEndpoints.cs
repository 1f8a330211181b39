using CreateVersion = Crucible.Core.Registry.CreateModelVersionRequest;
using Crucible.Contracts.Mlflow;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Core.Governance;
using Crucible.Core.LoggedModels;
using Crucible.Core.Registry;
using Crucible.Core.Tracking;
using Crucible.Governance.Approvals;
using Crucible.Registry;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Governance;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>
/// MLflow's model-version endpoints. Any source registers, as in MLflow; a source held by this server (<c>runs:/</c>,
/// <c>mlflow-artifacts:/</c>) is inspected first, and the version records whether it can be served.
/// </summary>
internal static class RegistryVersionsEndpoints
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapModelVersions(this IEndpointRouteBuilder api)
    {
        api.MapPost("model-versions/create", CreateAsync).Mlflow("CreateModelVersion", "Create a model version").Body<Crucible.Contracts.Mlflow.CreateModelVersionRequest>();
        api.MapGet("model-versions/get", GetAsync).Mlflow("GetModelVersion", "Get a model version").Query<ModelVersionKeyRequest>();
        api.MapPatch("model-versions/update", UpdateAsync).Mlflow("UpdateModelVersion", "Update a model version's description").Body<UpdateModelVersionRequest>();
        api.MapDelete("model-versions/delete", DeleteAsync).Mlflow("DeleteModelVersion", "Delete a model version").Body<ModelVersionKeyRequest>();
        api.MapMethods("model-versions/search", [HttpMethods.Get, HttpMethods.Post], SearchAsync).Mlflow("SearchModelVersions", "Search model versions").Body<SearchModelVersionsRequest>().Query<SearchModelVersionsRequest>().ReadsOnly();
        api.MapPost("model-versions/transition-stage", TransitionAsync).Mlflow("TransitionModelVersionStage", "Move a model version to a stage").Body<TransitionModelVersionStageRequest>();
        api.MapGet("model-versions/get-download-uri", DownloadUriAsync).Mlflow("GetModelVersionDownloadUri", "Get the URI a model version's files download from").Query<ModelVersionKeyRequest>();
        api.MapPost("model-versions/set-tag", SetTagAsync).Mlflow("SetModelVersionTag", "Set a tag on a model version").Body<SetModelVersionTagRequest>();
        api.MapDelete("model-versions/delete-tag", DeleteTagAsync).Mlflow("DeleteModelVersionTag", "Delete a tag of a model version").Body<DeleteModelVersionTagRequest>();
    }

    private static async Task<JsonOk<ModelVersionResponse>> CreateAsync(HttpContext http, IModelRegistryStore store, IRunStore runs, IArtifactStore artifacts, ILoggedModelStore loggedModels)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.CreateModelVersionRequest);
        var create = new CreateVersion(
            RegistryLimits.ModelName(request.Name),
            Guard.Required(request.Source, "source"),
            string.IsNullOrEmpty(request.RunId) ? null : request.RunId,
            RegistryMapping.ToTags(request.Tags),
            request.RunLink,
            request.Description,
            string.IsNullOrEmpty(request.ModelId) ? null : request.ModelId);
        create = await ModelSource.ResolveLoggedModelAsync(create, loggedModels, http.RequestAborted);
        var version = await ModelRegistration.RegisterAsync(create, store, runs, artifacts, http.RequestAborted);
        return Version(version);
    }

    private static async Task<JsonOk<ModelVersionResponse>> GetAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.ModelVersionKeyRequest);
        return Version(await store.GetModelVersionAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Version, "version"), http.RequestAborted));
    }

    private static async Task<JsonOk<ModelVersionResponse>> UpdateAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.UpdateModelVersionRequest);
        var version = await store.UpdateModelVersionAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Version, "version"), request.Description, http.RequestAborted);
        return Version(version);
    }

    private static async Task<JsonOk<Empty>> DeleteAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.ModelVersionKeyRequest);
        await store.DeleteModelVersionAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Version, "version"), http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<SearchModelVersionsResponse>> SearchAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SearchModelVersionsRequest);
        var query = new RegistrySearchQuery(
            request.Filter,
            Guard.PageSize(request.MaxResults, RegistryLimits.DefaultSearchVersions, RegistryLimits.MaxSearchVersions),
            request.OrderBy ?? [],
            request.PageToken);
        var page = await Security.Workspaces.ReadFilter.ReadablePageAsync(
            http, query.PageToken, query.MaxResults, (token, size) => store.SearchModelVersionsAsync(query with { PageToken = token, MaxResults = size }, http.RequestAborted), Core.Security.ResourceKind.RegisteredModel, v => v.Name);
        return JsonOk.Of(new SearchModelVersionsResponse(MlflowMapping.NullIfEmpty(page.Items.Select(v => v.ToDto())), page.NextPageToken), Json.SearchModelVersionsResponse);
    }

    private static async Task<JsonOk<ModelVersionResponse>> TransitionAsync(HttpContext http, IModelRegistryStore store, PromotionApprovals approvals)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.TransitionModelVersionStageRequest);
        await approvals.EnsureApprovedAsync(http, new PromotionMove(RegistryLimits.ModelName(request.Name), Guard.Required(request.Version, "version"), PromotionKinds.Stage, Guard.Required(request.Stage, "stage")));
        var archive = Guard.Required(request.ArchiveExistingVersions, "archive_existing_versions");
        var version = await store.TransitionStageAsync(
            RegistryLimits.ModelName(request.Name), Guard.Required(request.Version, "version"), Guard.Required(request.Stage, "stage"), archive, http.RequestAborted);
        return Version(version);
    }

    private static async Task<JsonOk<GetModelVersionDownloadUriResponse>> DownloadUriAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.ModelVersionKeyRequest);
        var version = await store.GetModelVersionAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Version, "version"), http.RequestAborted);
        return JsonOk.Of(new GetModelVersionDownloadUriResponse(version.Source), Json.GetModelVersionDownloadUriResponse);
    }

    private static async Task<JsonOk<Empty>> SetTagAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SetModelVersionTagRequest);
        Servability.RefuseReserved(request.Key);
        var tag = RegistryMapping.ToTags([new KeyValue(request.Key, request.Value ?? throw CrucibleException.Invalid("Missing value for required parameter 'value'."))])[0];
        await store.SetModelVersionTagAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Version, "version"), tag, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<Empty>> DeleteTagAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.DeleteModelVersionTagRequest);
        Servability.RefuseReserved(request.Key);
        await store.DeleteModelVersionTagAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Version, "version"), Guard.Required(request.Key, "key"), http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static JsonOk<ModelVersionResponse> Version(ModelVersion version) =>
        JsonOk.Of(new ModelVersionResponse(version.ToDto()), Json.ModelVersionResponse);
}
