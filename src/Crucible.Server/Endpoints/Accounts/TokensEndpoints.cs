using Crucible.Contracts.Security;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Endpoints.Native;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Accounts;

/// <summary>
/// API tokens under <c>/api/crucible/v1/tokens</c>: create (the secret is in that answer only), list (never secrets;
/// admins see everyone's, others their own), revoke. A token's role may not exceed its owner's in its workspace, and
/// only admins create tokens for another principal.
/// </summary>
internal static class TokensEndpoints
{
    /// <summary>Longest expiry a token can be given, in days.</summary>
    public const int MaxExpiryDays = 3_650;

    private static AccountsJsonContext Json => AccountsJsonContext.Default;

    public static void MapTokensApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup(NativeApi.Root + "/tokens").RequireAccess(AccessPolicies.Account);
        tokens.MapPost(string.Empty, CreateAsync)
            .Native("CreateToken", "Create an API token; the secret is in this answer only").Body<CreateTokenRequest>().Produces<CreateTokenResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        tokens.MapGet(string.Empty, ListAsync)
            .Native("ListTokens", "List API tokens (admins: everyone's; others: their own), never their secrets").Produces<TokensResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        tokens.MapDelete("{id}", RevokeAsync)
            .Native("RevokeToken", "Revoke an API token").Produces<TokenResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IIdentityStore store, TimeProvider time)
    {
        var caller = AccountMapping.RequireSignedIn(http);
        var request = await MlflowRequest.ReadAsync(http, Json.CreateTokenRequest);
        var name = Guard.Required(request.Name, "name");
        var owner = string.IsNullOrEmpty(request.Owner) ? caller.Name : request.Owner;
        if (owner != caller.Name || caller.Kind is not (CallerKind.User or CallerKind.ServiceAccount))
        {
            AccountMapping.RequireAdmin(http);
        }

        if (request.ExpiresInDays is < 0 or > MaxExpiryDays)
        {
            throw CrucibleException.Invalid($"Invalid value for parameter 'expires_in_days': between 0 (no expiry) and {MaxExpiryDays}.");
        }

        var workspace = string.IsNullOrEmpty(request.Workspace) ? Caller.DefaultWorkspace : request.Workspace;
        var ownerRole = (await store.GetRolesAsync(owner, http.RequestAborted)).FirstOrDefault(b => b.Workspace == workspace)?.Role ?? Role.None;
        if (await store.FindPrincipalAsync(owner, http.RequestAborted) is null)
        {
            throw CrucibleException.NotFound($"No user or service account named '{owner}'.");
        }

        var serving = string.IsNullOrEmpty(request.ServingDeployment) ? null : request.ServingDeployment;
        var role = AccountMapping.ParseRole(request.Role, serving is null ? ownerRole : Role.Viewer);
        if (role == Role.None)
        {
            throw CrucibleException.Invalid($"'{owner}' has no role in workspace '{workspace}'; give it one before creating a token.");
        }

        if (role > ownerRole || (owner == caller.Name && role > caller.Role))
        {
            throw new CrucibleException(ErrorCode.PermissionDenied, $"A token cannot hold more than its owner: '{owner}' is {AccountMapping.RoleName(ownerRole)} in workspace '{workspace}'.");
        }

        long? expiry = request.ExpiresInDays is > 0 ? (time.GetUtcNow() + TimeSpan.FromDays(request.ExpiresInDays.Value)).ToUnixTimeMilliseconds() : null;
        var secret = TokenSecrets.New();
        var token = await store.CreateTokenAsync(new NewApiToken(name, owner, role, workspace, serving, expiry), TokenSecrets.Hash(secret), http.RequestAborted);
        return TypedResults.Json(new CreateTokenResponse(AccountMapping.ToDto(token), secret), Json.CreateTokenResponse);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IIdentityStore store)
    {
        var caller = AccountMapping.RequireSignedIn(http);
        var owner = http.Request.Query["owner"].FirstOrDefault();
        if (!caller.IsServerAdmin)
        {
            owner = owner is null || owner == caller.Name ? caller.Name : throw AccountMapping.Refusal(caller, "Only admins list other principals' tokens.");
        }

        var tokens = await store.ListTokensAsync(owner, http.RequestAborted);
        return TypedResults.Json(new TokensResponse([.. tokens.Select(AccountMapping.ToDto)]), Json.TokensResponse);
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, IIdentityStore store, Authenticator authenticator, string id)
    {
        var caller = AccountMapping.RequireSignedIn(http);
        var token = await store.GetTokenAsync(id, http.RequestAborted);
        if (token.Owner != caller.Name)
        {
            AccountMapping.RequireAdmin(http);
        }

        var revoked = await store.RevokeTokenAsync(id, http.RequestAborted);
        authenticator.ForgetToken(id);
        return TypedResults.Json(new TokenResponse(AccountMapping.ToDto(revoked)), Json.TokenResponse);
    }
}
