using Crucible.Contracts.Security;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Endpoints.Native;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Accounts;

/// <summary>
/// Users and service accounts under <c>/api/crucible/v1</c> (admin only, except that users read themselves and change
/// their own password): create, list, get, delete, set a password, and set a role in a workspace.
/// </summary>
internal static class PrincipalsEndpoints
{
    private static AccountsJsonContext Json => AccountsJsonContext.Default;

    public static void MapPrincipalsApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup(NativeApi.Root + "/users").RequireAccess(AccessPolicies.Administration);
        users.MapPost(string.Empty, CreateUserAsync)
            .Native("CreateUser", "Create a user").Body<CreateUserRequest>().Produces<PrincipalResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        users.MapGet(string.Empty, (HttpContext http, IIdentityStore store) => ListAsync(http, store, PrincipalKind.User))
            .Native("ListUsers", "List users with their roles").Produces<PrincipalsResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        users.MapGet("{name}", GetUserAsync)
            .Native("GetUser", "Get a user with its roles").Produces<PrincipalResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        users.MapDelete("{name}", (HttpContext http, IIdentityStore store, Authenticator authenticator, string name) => DeleteAsync(http, store, authenticator, name, PrincipalKind.User))
            .Native("DeleteUser", "Delete a user, its role bindings and tokens").Produces<PrincipalResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        users.MapPost("{name}/password", ChangePasswordAsync).RequireAccess(AccessPolicies.Account)
            .Native("ChangePassword", "Change a user's password (an admin, or the user itself with its current password)").Body<ChangePasswordRequest>().Produces<PrincipalResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        var accounts = app.MapGroup(NativeApi.Root + "/service-accounts").RequireAccess(AccessPolicies.Administration);
        accounts.MapPost(string.Empty, CreateServiceAccountAsync)
            .Native("CreateServiceAccount", "Create a service account").Body<CreateServiceAccountRequest>().Produces<PrincipalResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        accounts.MapGet(string.Empty, (HttpContext http, IIdentityStore store) => ListAsync(http, store, PrincipalKind.ServiceAccount))
            .Native("ListServiceAccounts", "List service accounts with their roles").Produces<PrincipalsResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        accounts.MapDelete("{name}", (HttpContext http, IIdentityStore store, Authenticator authenticator, string name) => DeleteAsync(http, store, authenticator, name, PrincipalKind.ServiceAccount))
            .Native("DeleteServiceAccount", "Delete a service account, its role bindings and tokens").Produces<PrincipalResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        app.MapPut(NativeApi.Root + "/principals/{name}/roles/{workspace}", SetRoleAsync).RequireAccess(AccessPolicies.Administration)
            .Native("SetRole", "Set a principal's role in a workspace").Body<SetRoleRequest>().Produces<PrincipalResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
    }

    private static async Task<IResult> CreateUserAsync(HttpContext http, IIdentityStore store, PasswordHashing hashing)
    {
        var admin = AccountMapping.RequireAdmin(http);
        var request = await MlflowRequest.ReadAsync(http, Json.CreateUserRequest);
        var name = Guard.Required(request.Name, "name");
        var role = AccountMapping.ParseRole(request.Role, Role.Viewer);
        var principal = await store.CreatePrincipalAsync(name, PrincipalKind.User, hashing.Hash(request.Password!), string.Empty, admin.Name, http.RequestAborted);
        await store.SetRoleAsync(name, Caller.DefaultWorkspace, role, http.RequestAborted);
        return await RespondAsync(store, principal, http.RequestAborted);
    }

    private static async Task<IResult> CreateServiceAccountAsync(HttpContext http, IIdentityStore store)
    {
        var admin = AccountMapping.RequireAdmin(http);
        var request = await MlflowRequest.ReadAsync(http, Json.CreateServiceAccountRequest);
        var name = Guard.Required(request.Name, "name");
        var role = AccountMapping.ParseRole(request.Role, Role.Viewer);
        var principal = await store.CreatePrincipalAsync(name, PrincipalKind.ServiceAccount, null, request.Description ?? string.Empty, admin.Name, http.RequestAborted);
        await store.SetRoleAsync(name, Caller.DefaultWorkspace, role, http.RequestAborted);
        return await RespondAsync(store, principal, http.RequestAborted);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IIdentityStore store, PrincipalKind kind)
    {
        AccountMapping.RequireAdmin(http);
        var principals = await store.ListPrincipalsAsync(kind, http.RequestAborted);
        var dtos = new List<PrincipalDto>(principals.Count);
        foreach (var principal in principals)
        {
            dtos.Add(AccountMapping.ToDto(principal, await store.GetRolesAsync(principal.Name, http.RequestAborted)));
        }

        return TypedResults.Json(new PrincipalsResponse(dtos), Json.PrincipalsResponse);
    }

    private static async Task<IResult> GetUserAsync(HttpContext http, IIdentityStore store, string name)
    {
        var caller = AccountMapping.RequireSignedIn(http);
        if (caller.Name != name || caller.Kind != CallerKind.User)
        {
            AccountMapping.RequireAdmin(http);
        }

        var principal = await store.FindPrincipalAsync(name, http.RequestAborted) is { Kind: PrincipalKind.User } user ? user : throw CrucibleException.NotFound($"No user named '{name}'.");
        return await RespondAsync(store, principal, http.RequestAborted);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, IIdentityStore store, Authenticator authenticator, string name, PrincipalKind kind)
    {
        var admin = AccountMapping.RequireAdmin(http);
        if (admin.Name == name && admin.Kind is CallerKind.User or CallerKind.ServiceAccount)
        {
            throw CrucibleException.Invalid("You cannot delete the account you are signed in with; sign in as another admin.");
        }

        var principal = await store.FindPrincipalAsync(name, http.RequestAborted);
        if (principal is null || principal.Kind != kind)
        {
            throw CrucibleException.NotFound($"No {AccountMapping.KindName(kind).Replace('_', ' ')} named '{name}'.");
        }

        var roles = await store.GetRolesAsync(name, http.RequestAborted);
        await store.DeletePrincipalAsync(name, http.RequestAborted);
        authenticator.Forget(name);
        return TypedResults.Json(new PrincipalResponse(AccountMapping.ToDto(principal, roles)), Json.PrincipalResponse);
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, IIdentityStore store, PasswordHashing hashing, Authenticator authenticator, string name)
    {
        var caller = AccountMapping.RequireSignedIn(http);
        var request = await MlflowRequest.ReadAsync(http, Json.ChangePasswordRequest);
        var self = caller.Name == name && caller.Kind == CallerKind.User;
        if (!self)
        {
            AccountMapping.RequireAdmin(http);
        }
        else if (!caller.IsServerAdmin)
        {
            // Someone holding a stolen session or token must not lock the owner out: prove the current password.
            var current = Guard.Required(request.CurrentPassword, "current_password");
            if (await authenticator.AuthenticatePasswordAsync(name, current, http.Connection.RemoteIpAddress, http.RequestAborted) is null)
            {
                throw new CrucibleException(ErrorCode.PermissionDenied, "The current password is wrong.");
            }
        }

        await store.SetPasswordHashAsync(name, hashing.Hash(request.Password!), http.RequestAborted);
        authenticator.Forget(name);
        var principal = (await store.FindPrincipalAsync(name, http.RequestAborted))!;
        return await RespondAsync(store, principal, http.RequestAborted);
    }

    private static async Task<IResult> SetRoleAsync(HttpContext http, IIdentityStore store, IWorkspaceStore workspaces, Authenticator authenticator, string name, string workspace)
    {
        var admin = AccountMapping.RequireAdmin(http);
        var request = await MlflowRequest.ReadAsync(http, Json.SetRoleRequest);
        var role = AccountMapping.ParseRole(Guard.Required(request.Role, "role"), Role.None, allowNone: true);
        if (role != Role.None)
        {
            await workspaces.EnsureWorkspaceAsync(workspace, admin.Name, http.RequestAborted); // binding to a new workspace creates it
        }

        await store.SetRoleAsync(name, workspace, role, http.RequestAborted);
        authenticator.Forget(name);
        return await RespondAsync(store, (await store.FindPrincipalAsync(name, http.RequestAborted))!, http.RequestAborted);
    }

    private static async Task<IResult> RespondAsync(IIdentityStore store, Principal principal, CancellationToken ct) =>
        TypedResults.Json(new PrincipalResponse(AccountMapping.ToDto(principal, await store.GetRolesAsync(principal.Name, ct))), Json.PrincipalResponse);
}
