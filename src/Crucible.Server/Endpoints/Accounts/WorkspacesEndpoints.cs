using Crucible.Contracts.Security;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Endpoints.Native;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Accounts;

/// <summary>
/// Workspaces under <c>/api/crucible/v1/workspaces</c>: admins create them; any signed-in caller lists the ones it
/// holds a role in (admins of the server: all). Roles in a workspace are set with <c>PUT principals/{name}/roles/{workspace}</c>.
/// </summary>
internal static class WorkspacesEndpoints
{
    private static AccountsJsonContext Json => AccountsJsonContext.Default;

    public static void MapWorkspacesApi(this IEndpointRouteBuilder app)
    {
        var workspaces = app.MapGroup(NativeApi.Root + "/workspaces");
        workspaces.MapPost(string.Empty, CreateAsync).RequireAccess(AccessPolicies.Administration)
            .Native("CreateWorkspace", "Create a workspace").Body<CreateWorkspaceRequest>().Produces<WorkspaceResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        workspaces.MapGet(string.Empty, ListAsync).RequireAccess(AccessPolicies.Account)
            .Native("ListWorkspaces", "List the workspaces the caller holds a role in (all for an admin)").Produces<WorkspacesResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
    }

    public static WorkspaceDto ToDto(Workspace workspace) => new(workspace.Name, workspace.Description, workspace.CreatedBy, workspace.CreationTimeMs);

    private static async Task<IResult> CreateAsync(HttpContext http, IWorkspaceStore store)
    {
        var admin = AccountMapping.RequireAdmin(http);
        var request = await MlflowRequest.ReadAsync(http, Json.CreateWorkspaceRequest);
        var workspace = await store.CreateWorkspaceAsync(Guard.Required(request.Name, "name"), request.Description ?? string.Empty, admin.Name, http.RequestAborted);
        return TypedResults.Json(new WorkspaceResponse(ToDto(workspace)), Json.WorkspaceResponse);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IWorkspaceStore store)
    {
        var caller = AccountMapping.RequireSignedIn(http);
        var all = await store.ListWorkspacesAsync(http.RequestAborted);
        var visible = caller.IsServerAdmin ? all : [.. all.Where(w => caller.RoleIn(w.Name) > Role.None)];
        return TypedResults.Json(new WorkspacesResponse([.. visible.Select(ToDto)]), Json.WorkspacesResponse);
    }
}
