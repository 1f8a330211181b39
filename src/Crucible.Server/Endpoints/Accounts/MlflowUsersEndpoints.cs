using Crucible.Contracts.Security;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Accounts;

/// <summary>
/// MLflow's auth users API (<c>/api/2.0/mlflow/users/{create,get,update-password,update-admin,delete}</c>, also under
/// <c>/ajax-api</c>), so MLflow's own auth client manages Crucible users. Admin only, except that a user reads itself
/// (as in MLflow). Unlike MLflow, a user does not set its own password here: MLflow's body has no field for the current
/// password, so a stolen session or token could lock the owner out; <c>POST /api/crucible/v1/users/{name}/password</c>
/// asks for it. A user's <c>is_admin</c> is the admin role in the default workspace (clearing it leaves viewer, MLflow's
/// default READ), and its permission lists are its per-resource grants (<see cref="MlflowPermissionsEndpoints"/>).
/// </summary>
internal static class MlflowUsersEndpoints
{
    private static MlflowAuthJsonContext Json => MlflowAuthJsonContext.Default;

    public static void MapMlflowUsersApi(this IEndpointRouteBuilder app)
    {
        foreach (var root in new[] { "/api/2.0", MlflowApi.UiRoot })
        {
            var users = app.MapGroup(root + "/mlflow/users");
            users.ListedOnce(root);
            users.RequireAccess(AccessPolicies.Administration);
            users.MapPost("create", CreateAsync)
                .Mlflow("MlflowCreateUser", "Create a user (MLflow's auth API)").Body<MlflowUserRequest>().Produces<MlflowUserResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
            users.MapGet("get", GetAsync).RequireAccess(AccessPolicies.Account) // the handler lets a user read only itself
                .Mlflow("MlflowGetUser", "Get a user with its permissions (MLflow's auth API)").Produces<MlflowUserResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
            users.MapPatch("update-password", UpdatePasswordAsync)
                .Mlflow("MlflowUpdatePassword", "Change a user's password (MLflow's auth API)").Body<MlflowUserRequest>().Produces<MlflowEmptyResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
            users.MapPatch("update-admin", UpdateAdminAsync)
                .Mlflow("MlflowUpdateAdmin", "Make a user an admin or not (MLflow's auth API)").Body<MlflowUserRequest>().Produces<MlflowEmptyResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
            users.MapDelete("delete", DeleteAsync)
                .Mlflow("MlflowDeleteUser", "Delete a user (MLflow's auth API)").Body<MlflowUserRequest>().Produces<MlflowEmptyResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        }
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IIdentityStore store, IWorkspaceStore workspaces, PasswordHashing hashing)
    {
        var admin = AccountMapping.RequireAdmin(http);
        var request = await MlflowRequest.ReadAsync(http, Json.MlflowUserRequest);
        var name = Guard.Required(request.Username, "username");
        await store.CreatePrincipalAsync(name, PrincipalKind.User, hashing.Hash(Guard.Required(request.Password, "password")), string.Empty, admin.Name, http.RequestAborted);
        await store.SetRoleAsync(name, Caller.DefaultWorkspace, Role.Viewer, http.RequestAborted);
        return await RespondAsync(store, workspaces, name, http.RequestAborted);
    }

    private static async Task<IResult> GetAsync(HttpContext http, IIdentityStore store, IWorkspaceStore workspaces)
    {
        var caller = AccountMapping.RequireSignedIn(http);
        var name = Guard.Required((await MlflowRequest.ReadAsync(http, Json.MlflowUserRequest)).Username, "username");
        if (caller.Name != name || caller.Kind != CallerKind.User)
        {
            AccountMapping.RequireAdmin(http);
        }

        return await RespondAsync(store, workspaces, name, http.RequestAborted);
    }

    private static async Task<IResult> UpdatePasswordAsync(HttpContext http, IIdentityStore store, PasswordHashing hashing, Authenticator authenticator)
    {
        AccountMapping.RequireAdmin(http); // Not the user itself: see the class summary.
        var request = await MlflowRequest.ReadAsync(http, Json.MlflowUserRequest);
        var name = Guard.Required(request.Username, "username");
        await store.SetPasswordHashAsync(name, hashing.Hash(Guard.Required(request.Password, "password")), http.RequestAborted);
        authenticator.Forget(name);
        return TypedResults.Json(new MlflowEmptyResponse(), Json.MlflowEmptyResponse);
    }

    private static async Task<IResult> UpdateAdminAsync(HttpContext http, IIdentityStore store, Authenticator authenticator)
    {
        AccountMapping.RequireAdmin(http);
        var request = await MlflowRequest.ReadAsync(http, Json.MlflowUserRequest);
        var name = Guard.Required(request.Username, "username");
        var isAdmin = Guard.Required(request.IsAdmin, "is_admin");
        var current = await CurrentRoleAsync(store, await FindUserAsync(store, name, http.RequestAborted), http.RequestAborted);
        var role = isAdmin ? Role.Admin : current == Role.Admin ? Role.Viewer : current;
        await store.SetRoleAsync(name, Caller.DefaultWorkspace, role, http.RequestAborted);
        authenticator.Forget(name);
        return TypedResults.Json(new MlflowEmptyResponse(), Json.MlflowEmptyResponse);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, IIdentityStore store, Authenticator authenticator)
    {
        var admin = AccountMapping.RequireAdmin(http);
        var name = Guard.Required((await MlflowRequest.ReadAsync(http, Json.MlflowUserRequest)).Username, "username");
        if (admin.Name == name)
        {
            throw CrucibleException.Invalid("You cannot delete the account you are signed in with; sign in as another admin.");
        }

        await FindUserAsync(store, name, http.RequestAborted);
        await store.DeletePrincipalAsync(name, http.RequestAborted);
        authenticator.Forget(name);
        return TypedResults.Json(new MlflowEmptyResponse(), Json.MlflowEmptyResponse);
    }

    private static async Task<Principal> FindUserAsync(IIdentityStore store, string name, CancellationToken ct) =>
        await store.FindPrincipalAsync(name, ct) is { Kind: PrincipalKind.User } user ? user : throw CrucibleException.NotFound($"User with username={name} not found");

    private static async Task<Role> CurrentRoleAsync(IIdentityStore store, Principal user, CancellationToken ct) =>
        (await store.GetRolesAsync(user.Name, ct).ConfigureAwait(false)).FirstOrDefault(b => b.Workspace == Caller.DefaultWorkspace)?.Role ?? Role.None;

    private static async Task<IResult> RespondAsync(IIdentityStore store, IWorkspaceStore workspaces, string name, CancellationToken ct)
    {
        var user = await FindUserAsync(store, name, ct);
        var isAdmin = await CurrentRoleAsync(store, user, ct) == Role.Admin;
        var grants = await workspaces.ListGrantsAsync(user.Name, ct);
        return TypedResults.Json(
            new MlflowUserResponse(new MlflowUser(
                user.Name,
                user.Name,
                isAdmin,
                [.. grants.Where(g => g.Target == GrantTarget.Experiment).Select(MlflowPermissionsEndpoints.ToDto)],
                [.. grants.Where(g => g.Target == GrantTarget.RegisteredModel).Select(MlflowPermissionsEndpoints.ToDto)],
                [])),
            Json.MlflowUserResponse);
    }
}
