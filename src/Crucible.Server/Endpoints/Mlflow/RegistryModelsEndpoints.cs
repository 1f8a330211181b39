using Crucible.Contracts.Mlflow;
using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Serving.Hosting;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>MLflow's registered-model endpoints: create, get, rename, update, delete, search, latest versions, tags and aliases.</summary>
internal static class RegistryModelsEndpoints
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static void MapRegisteredModels(this IEndpointRouteBuilder api)
    {
        api.MapPost("registered-models/create", CreateAsync);
        api.MapGet("registered-models/get", GetAsync);
        api.MapPost("registered-models/rename", RenameAsync);
        api.MapPatch("registered-models/update", UpdateAsync);
        api.MapDelete("registered-models/delete", DeleteAsync);
        api.MapMethods("registered-models/search", [HttpMethods.Get, HttpMethods.Post], SearchAsync).ReadsOnly();
        api.MapMethods("registered-models/get-latest-versions", [HttpMethods.Get, HttpMethods.Post], LatestVersionsAsync).ReadsOnly();
        api.MapPost("registered-models/set-tag", SetTagAsync);
        api.MapDelete("registered-models/delete-tag", DeleteTagAsync);
        api.MapPost("registered-models/alias", SetAliasAsync);
        api.MapDelete("registered-models/alias", DeleteAliasAsync);
        api.MapGet("registered-models/alias", GetByAliasAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.CreateRegisteredModelRequest);
        var model = await store.CreateRegisteredModelAsync(RegistryLimits.ModelName(request.Name), RegistryMapping.ToTags(request.Tags), request.Description, http.RequestAborted);
        return Model(model);
    }

    private static async Task<IResult> GetAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RegisteredModelNameRequest);
        return Model(await store.GetRegisteredModelAsync(RegistryLimits.ModelName(request.Name), http.RequestAborted));
    }

    private static async Task<IResult> RenameAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RenameRegisteredModelRequest);
        var model = await store.RenameRegisteredModelAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.NewName, "new_name"), http.RequestAborted);
        return Model(model);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.UpdateRegisteredModelRequest);
        return Model(await store.UpdateRegisteredModelAsync(RegistryLimits.ModelName(request.Name), request.Description, http.RequestAborted));
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RegisteredModelNameRequest);
        await store.DeleteRegisteredModelAsync(RegistryLimits.ModelName(request.Name), http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> SearchAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SearchRegisteredModelsRequest);
        var query = new RegistrySearchQuery(
            request.Filter,
            Guard.PageSize(request.MaxResults, RegistryLimits.DefaultSearchModels, RegistryLimits.MaxSearchModels),
            request.OrderBy ?? [],
            request.PageToken);
        var page = await store.SearchRegisteredModelsAsync(query, http.RequestAborted);
        return TypedResults.Json(new SearchRegisteredModelsResponse(MlflowMapping.NullIfEmpty(page.Items.Select(m => m.ToDto())), page.NextPageToken), Json.SearchRegisteredModelsResponse);
    }

    private static async Task<IResult> LatestVersionsAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.GetLatestVersionsRequest);
        var versions = await store.GetLatestVersionsAsync(RegistryLimits.ModelName(request.Name), request.Stages ?? [], http.RequestAborted);
        return TypedResults.Json(new ModelVersionsResponse(MlflowMapping.NullIfEmpty(versions.Select(v => v.ToDto()))), Json.ModelVersionsResponse);
    }

    private static async Task<IResult> SetTagAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SetRegisteredModelTagRequest);
        var tag = RegistryMapping.ToTags([new KeyValue(request.Key, request.Value ?? throw CrucibleException.Invalid("Missing value for required parameter 'value'."))])[0];
        await store.SetRegisteredModelTagAsync(RegistryLimits.ModelName(request.Name), tag, http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> DeleteTagAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.DeleteRegisteredModelTagRequest);
        await store.DeleteRegisteredModelTagAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Key, "key"), http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> SetAliasAsync(HttpContext http, IModelRegistryStore store, DeploymentTable deployments)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.SetRegisteredModelAliasRequest);
        await store.SetAliasAsync(RegistryLimits.ModelName(request.Name), RegistryLimits.Alias(request.Alias), Guard.Required(request.Version, "version"), http.RequestAborted);
        await deployments.AliasesChangedAsync(http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> DeleteAliasAsync(HttpContext http, IModelRegistryStore store, DeploymentTable deployments)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RegisteredModelAliasRequest);
        await store.DeleteAliasAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Alias, "alias"), http.RequestAborted);
        await deployments.AliasesChangedAsync(http.RequestAborted);
        return TypedResults.Json(Empty.Instance, Json.Empty);
    }

    private static async Task<IResult> GetByAliasAsync(HttpContext http, IModelRegistryStore store)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.RegisteredModelAliasRequest);
        var version = await store.GetVersionByAliasAsync(RegistryLimits.ModelName(request.Name), Guard.Required(request.Alias, "alias"), http.RequestAborted);
        return TypedResults.Json(new ModelVersionResponse(version.ToDto()), Json.ModelVersionResponse);
    }

    private static IResult Model(RegisteredModel model) =>
        TypedResults.Json(new RegisteredModelResponse(model.ToDto()), Json.RegisteredModelResponse);
}
