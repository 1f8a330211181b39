using Crucible.Contracts.Security;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Security;
using Crucible.Server.Security.Workspaces;

namespace Crucible.Server.Endpoints.Accounts;

/// <summary>
/// MLflow's per-resource permission API, with its paths and shapes: <c>experiments/permissions/{create,get,update,delete}</c>
/// ({experiment_id, username, permission}) and <c>registered-models/permissions/{create,get,update,delete}</c>
/// ({name, username, permission}), under <c>/api/2.0/mlflow</c> and <c>/ajax-api/2.0/mlflow</c>. Create and get answer
/// the permission object, update and delete <c>{}</c> (never 204). Who may call them is the
/// <see cref="AccessPolicies.Permissions"/> policy: a maintainer on the resource (MLflow's MANAGE) or an admin.
/// </summary>
internal static class MlflowPermissionsEndpoints
{
    private static MlflowAuthJsonContext Json => MlflowAuthJsonContext.Default;

    public static void MapMlflowPermissionsApi(this IEndpointRouteBuilder app)
    {
        foreach (var root in new[] { "/api/2.0", MlflowApi.UiRoot })
        {
            var api = app.MapGroup(root + "/mlflow").RequireAccess(AccessPolicies.Permissions);
            api.ListedOnce(root);
            foreach (var target in new[] { GrantTarget.Experiment, GrantTarget.RegisteredModel })
            {
                var (path, label) = target == GrantTarget.Experiment ? ("experiments", "Experiment") : ("registered-models", "RegisteredModel");
                var text = target == GrantTarget.Experiment ? "an experiment" : "a registered model";
                var create = api.MapPost(path + "/permissions/create", (HttpContext http, IWorkspaceStore store, IIdentityStore identities, WorkspaceDirectory directory) => CreateAsync(http, store, identities, directory, target))
                    .Mlflow($"MlflowCreate{label}Permission", $"Grant a user a permission on {text} (MLflow's auth API)").Body<MlflowPermissionRequest>();
                var get = api.MapGet(path + "/permissions/get", (HttpContext http, IWorkspaceStore store, IIdentityStore identities) => GetAsync(http, store, identities, target))
                    .Mlflow($"MlflowGet{label}Permission", $"Get a user's permission on {text} (MLflow's auth API)").Query<MlflowPermissionRequest>();
                foreach (var route in new[] { create, get })
                {
                    if (target == GrantTarget.Experiment)
                    {
                        route.Produces<MlflowExperimentPermissionResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
                    }
                    else
                    {
                        route.Produces<MlflowRegisteredModelPermissionResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
                    }
                }
                api.MapPatch(path + "/permissions/update", (HttpContext http, IWorkspaceStore store, IIdentityStore identities, WorkspaceDirectory directory) => UpdateAsync(http, store, identities, directory, target))
                    .Mlflow($"MlflowUpdate{label}Permission", $"Change a user's permission on {text} (MLflow's auth API)").Body<MlflowPermissionRequest>().Produces<MlflowEmptyResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
                api.MapDelete(path + "/permissions/delete", (HttpContext http, IWorkspaceStore store, IIdentityStore identities, WorkspaceDirectory directory) => DeleteAsync(http, store, identities, directory, target))
                    .Mlflow($"MlflowDelete{label}Permission", $"Remove a user's permission on {text} (MLflow's auth API)").Body<MlflowPermissionRequest>().Produces<MlflowEmptyResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
            }
        }
    }

    /// <summary>MLflow's permission object: <c>{experiment_id, user_id, permission}</c> or <c>{name, user_id, permission}</c>.</summary>
    public static MlflowPermissionDto ToDto(ResourceGrant grant) => grant.Target == GrantTarget.Experiment
        ? new MlflowPermissionDto(PermissionName(grant.Permission), ExperimentId: grant.ResourceId, UserId: grant.Principal)
        : new MlflowPermissionDto(PermissionName(grant.Permission), Name: grant.ResourceId, UserId: grant.Principal);

    public static string PermissionName(Permission permission) => permission switch
    {
        Permission.Read => "READ",
        Permission.Edit => "EDIT",
        Permission.Manage => "MANAGE",
        _ => "NO_PERMISSIONS",
    };

    private static async Task<IResult> CreateAsync(HttpContext http, IWorkspaceStore store, IIdentityStore identities, WorkspaceDirectory directory, GrantTarget target)
    {
        var grant = await ReadGrantAsync(http, store, identities, target, withPermission: true);
        await store.CreateGrantAsync(grant, http.RequestAborted);
        directory.ForgetGrants(grant.Principal);
        return Answer(grant);
    }

    private static async Task<IResult> GetAsync(HttpContext http, IWorkspaceStore store, IIdentityStore identities, GrantTarget target)
    {
        var key = await ReadGrantAsync(http, store, identities, target, withPermission: false);
        var grant = await store.FindGrantAsync(key.Principal, target, key.ResourceId, http.RequestAborted)
            ?? throw CrucibleException.NotFound($"{(target == GrantTarget.Experiment ? "Experiment" : "Registered model")} permission with {IdField(target)}={key.ResourceId} and username={key.Principal} not found");
        return Answer(grant);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, IWorkspaceStore store, IIdentityStore identities, WorkspaceDirectory directory, GrantTarget target)
    {
        var grant = await ReadGrantAsync(http, store, identities, target, withPermission: true);
        await store.UpdateGrantAsync(grant, http.RequestAborted);
        directory.ForgetGrants(grant.Principal);
        return TypedResults.Json(new MlflowEmptyResponse(), Json.MlflowEmptyResponse);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, IWorkspaceStore store, IIdentityStore identities, WorkspaceDirectory directory, GrantTarget target)
    {
        var key = await ReadGrantAsync(http, store, identities, target, withPermission: false);
        await store.DeleteGrantAsync(key.Principal, target, key.ResourceId, http.RequestAborted);
        directory.ForgetGrants(key.Principal);
        return TypedResults.Json(new MlflowEmptyResponse(), Json.MlflowEmptyResponse);
    }

    private static IResult Answer(ResourceGrant grant) => grant.Target == GrantTarget.Experiment
        ? TypedResults.Json(new MlflowExperimentPermissionResponse(ToDto(grant)), Json.MlflowExperimentPermissionResponse)
        : TypedResults.Json(new MlflowRegisteredModelPermissionResponse(ToDto(grant)), Json.MlflowRegisteredModelPermissionResponse);

    /// <summary>The request's resource (which must exist), user (which must exist) and permission (READ when not asked for).</summary>
    private static async Task<ResourceGrant> ReadGrantAsync(HttpContext http, IWorkspaceStore store, IIdentityStore identities, GrantTarget target, bool withPermission)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.MlflowPermissionRequest);
        var id = Guard.Required(target == GrantTarget.Experiment ? request.ExperimentId : request.Name, IdField(target));
        var user = Guard.Required(request.Username, "username");
        var kind = target == GrantTarget.Experiment ? ResourceKind.Experiment : ResourceKind.RegisteredModel;
        if (await store.LocateAsync(kind, id, http.RequestAborted) is null)
        {
            throw CrucibleException.NotFound(ResourceLocator.NotFoundMessage(kind, id));
        }

        if (await identities.FindPrincipalAsync(user, http.RequestAborted) is null)
        {
            throw CrucibleException.NotFound($"User with username={user} not found");
        }

        var permission = withPermission ? ParsePermission(Guard.Required(request.Permission, "permission")) : Permission.Read;
        return new ResourceGrant(user, target, id, permission);
    }

    private static Permission ParsePermission(string text) => text switch
    {
        "READ" => Permission.Read,
        "EDIT" => Permission.Edit,
        "MANAGE" => Permission.Manage,
        "NO_PERMISSIONS" => Permission.NoPermissions,
        _ => throw CrucibleException.Invalid($"Invalid permission '{text}'. Valid permissions are: ('READ', 'EDIT', 'MANAGE', 'NO_PERMISSIONS')"),
    };

    private static string IdField(GrantTarget target) => target == GrantTarget.Experiment ? "experiment_id" : "name";
}
