using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Crucible.Core.Governance;
using Crucible.Core.Registry;
using Crucible.Governance.Approvals;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Governance;
using Crucible.Server.Security;
using Crucible.Serving.Hosting;

using Crucible.Core.Security;
using Crucible.Server.Security.Workspaces;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>MLflow's registered-model endpoints: create, get, rename, update, delete, search, latest versions, tags and aliases.</summary>
internal static class RegistryModelsEndpoints
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapRegisteredModels(this IEndpointRouteBuilder api)
    {
        api.MapPost("registered-models/create", CreateAsync).Mlflow("CreateRegisteredModel", "Create a registered model").Body<CreateRegisteredModelRequest>();
        api.MapGet("registered-models/get", GetAsync).Mlflow("GetRegisteredModel", "Get a registered model").Query<RegisteredModelNameRequest>();
        api.MapPost("registered-models/rename", RenameAsync).Mlflow("RenameRegisteredModel", "Rename a registered model").Body<RenameRegisteredModelRequest>();
        api.MapPatch("registered-models/update", UpdateAsync).Mlflow("UpdateRegisteredModel", "Update a registered model's description").Body<UpdateRegisteredModelRequest>();
        api.MapDelete("registered-models/delete", DeleteAsync).Mlflow("DeleteRegisteredModel", "Delete a registered model and its versions").Body<RegisteredModelNameRequest>();
        api.MapMethods("registered-models/search", [HttpMethods.Get, HttpMethods.Post], SearchAsync).Mlflow("SearchRegisteredModels", "Search registered models").Body<SearchRegisteredModelsRequest>().Query<SearchRegisteredModelsRequest>().ReadsOnly();
        api.MapMethods("registered-models/get-latest-versions", [HttpMethods.Get, HttpMethods.Post], LatestVersionsAsync).Mlflow("GetLatestVersions", "Get the latest version of a registered model per stage").Body<GetLatestVersionsRequest>().Query<GetLatestVersionsRequest>().ReadsOnly();
        api.MapPost("registered-models/set-tag", SetTagAsync).Mlflow("SetRegisteredModelTag", "Set a tag on a registered model").Body<SetRegisteredModelTagRequest>();
        api.MapDelete("registered-models/delete-tag", DeleteTagAsync).Mlflow("DeleteRegisteredModelTag", "Delete a tag of a registered model").Body<DeleteRegisteredModelTagRequest>();
        api.MapPost("registered-models/alias", SetAliasAsync).Mlflow("SetRegisteredModelAlias", "Point an alias at a model version").Body<SetRegisteredModelAliasRequest>();
        api.MapDelete("registered-models/alias", DeleteAliasAsync).Mlflow("DeleteRegisteredModelAlias", "Delete an alias of a registered model").Body<RegisteredModelAliasRequest>();
        api.MapGet("registered-models/alias", GetByAliasAsync).Mlflow("GetModelVersionByAlias", "Get the model version an alias points at").Query<RegisteredModelAliasRequest>();
    }

    private static async Task<JsonOk<RegisteredModelResponse>> CreateAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.CreateRegisteredModelRequest);
        var model = await store.CreateRegisteredModelAsync(RegistryLimits.ModelName(request.Name), RegistryMapping.ToTags(request.Tags), request.Description, http.TargetWorkspace(), http.RequestAborted);
        return Model(model);
    }

    private static async Task<JsonOk<RegisteredModelResponse>> GetAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RegisteredModelNameRequest);
        return Model(await store.GetRegisteredModelAsync(RegistryLimits.ModelName(request.Name), http.RequestAborted));
    }

    private static async Task<JsonOk<RegisteredModelResponse>> RenameAsync(HttpContext http, IModelRegistryStore store, WorkspaceDirectory directory)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RenameRegisteredModelRequest);
        var model = await store.RenameRegisteredModelAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.NewName, "new_name"), http.RequestAborted);
        // Grants follow the model to its new name (as MLflow's auth app moves them).
        await directory.Store.MoveGrantsAsync(GrantTarget.RegisteredModel, request.Name!, model.Name, http.RequestAborted);
        directory.ForgetGrants(null);
        return Model(model);
    }

    private static async Task<JsonOk<RegisteredModelResponse>> UpdateAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.UpdateRegisteredModelRequest);
        return Model(await store.UpdateRegisteredModelAsync(RegistryLimits.ModelName(request.Name), request.Description, http.RequestAborted));
    }

    private static async Task<JsonOk<Empty>> DeleteAsync(HttpContext http, IModelRegistryStore store, WorkspaceDirectory directory)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RegisteredModelNameRequest);
        await store.DeleteRegisteredModelAsync(RegistryLimits.ModelName(request.Name), http.RequestAborted);
        // A later model of the same name (perhaps in another workspace) must not inherit these grants.
        await directory.Store.MoveGrantsAsync(GrantTarget.RegisteredModel, request.Name!, null, http.RequestAborted);
        directory.ForgetGrants(null);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<SearchRegisteredModelsResponse>> SearchAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SearchRegisteredModelsRequest);
        var query = new RegistrySearchQuery(
            request.Filter,
            Guard.PageSize(request.MaxResults, RegistryLimits.DefaultSearchModels, RegistryLimits.MaxSearchModels),
            request.OrderBy ?? [],
            request.PageToken);
        var page = await ReadFilter.ReadablePageAsync(
            http, query.PageToken, query.MaxResults, (token, size) => store.SearchRegisteredModelsAsync(query with { PageToken = token, MaxResults = size }, http.RequestAborted), ResourceKind.RegisteredModel, m => m.Name);
        return JsonOk.Of(new SearchRegisteredModelsResponse(MlflowMapping.NullIfEmpty(page.Items.Select(m => m.ToDto())), page.NextPageToken), Json.SearchRegisteredModelsResponse);
    }

    private static async Task<JsonOk<ModelVersionsResponse>> LatestVersionsAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.GetLatestVersionsRequest);
        var versions = await store.GetLatestVersionsAsync(RegistryLimits.ModelName(request.Name), request.Stages ?? [], http.RequestAborted);
        return JsonOk.Of(new ModelVersionsResponse(MlflowMapping.NullIfEmpty(versions.Select(v => v.ToDto()))), Json.ModelVersionsResponse);
    }

    private static async Task<JsonOk<Empty>> SetTagAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SetRegisteredModelTagRequest);
        var tag = RegistryMapping.ToTags([new KeyValue(request.Key, request.Value ?? throw CrucibleException.Invalid("Missing value for required parameter 'value'."))])[0];
        await store.SetRegisteredModelTagAsync(RegistryLimits.ModelName(request.Name), tag, http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<Empty>> DeleteTagAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.DeleteRegisteredModelTagRequest);
        await store.DeleteRegisteredModelTagAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Key, "key"), http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<Empty>> SetAliasAsync(HttpContext http, IModelRegistryStore store, DeploymentTable deployments, PromotionApprovals approvals)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SetRegisteredModelAliasRequest);
        await approvals.EnsureApprovedAsync(http, new PromotionMove(RegistryLimits.ModelName(request.Name), Guard.Required(request.Version, "version"), PromotionKinds.Alias, RegistryLimits.Alias(request.Alias)));
        await store.SetAliasAsync(RegistryLimits.ModelName(request.Name), RegistryLimits.Alias(request.Alias), Guard.Required(request.Version, "version"), http.RequestAborted);
        await deployments.AliasesChangedAsync(http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<Empty>> DeleteAliasAsync(HttpContext http, IModelRegistryStore store, DeploymentTable deployments)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RegisteredModelAliasRequest);
        await store.DeleteAliasAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Alias, "alias"), http.RequestAborted);
        await deployments.AliasesChangedAsync(http.RequestAborted);
        return JsonOk.Of(Empty.Instance, Json.Empty);
    }

    private static async Task<JsonOk<ModelVersionResponse>> GetByAliasAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RegisteredModelAliasRequest);
        var version = await store.GetVersionByAliasAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Alias, "alias"), http.RequestAborted);
        return JsonOk.Of(new ModelVersionResponse(version.ToDto()), Json.ModelVersionResponse);
    }

    private static JsonOk<RegisteredModelResponse> Model(RegisteredModel model) =>
        JsonOk.Of(new RegisteredModelResponse(model.ToDto()), Json.RegisteredModelResponse);
}
