using Crucible.Contracts.Security;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Endpoints.Mlflow;
using Crucible.Server.Endpoints.Native;
using Crucible.Server.Hosting;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Accounts;

/// <summary>
/// Sign-in for browsers under <c>/api/crucible/v1/auth</c>: <c>login</c> (JSON user and password: sets the session
/// cookie and returns the CSRF token), <c>logout</c> (revokes the session), <c>whoami</c>; and the login page at <c>/login</c>.
/// </summary>
internal static class AuthEndpoints
{
    private static AccountsJsonContext Json => AccountsJsonContext.Default;

    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup(NativeApi.Root + "/auth");
        auth.MapPost("login", LoginAsync).RequireAccess(AccessPolicies.Public)
            .Native("Login", "Sign in with a user name and password: sets the session cookie, answers the CSRF token").Body<LoginRequest>().Produces<LoginResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        auth.MapPost("logout", LogoutAsync).WithAnyBody().RequireAccess(AccessPolicies.Account)
            .Native("Logout", "Sign out: ends the session").Produces<WhoAmIResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        auth.MapGet("whoami", WhoAmI).RequireAccess(AccessPolicies.Public)
            .Native("WhoAmI", "Who the caller is, with its role and workspace").Produces<WhoAmIResponse>(StatusCodes.Status200OK, EndpointDocs.Json);
        // The web UI signs in at its root (its pages are not part of the API contract); /login stays as the address people type.
        app.MapGet("/login", () => TypedResults.Redirect("/")).RequireAccess(AccessPolicies.Public).ExcludeFromDescription();
    }

    private static async Task<IResult> LoginAsync(HttpContext http, Authenticator authenticator, IIdentityStore store, ServerOptions options, TimeProvider time)
    {
        var request = await MlflowRequest.ReadAsync(http, Json.LoginRequest);
        var user = Guard.Required(request.Username, "username");
        var password = Guard.Required(request.Password, "password");
        var caller = await authenticator.AuthenticatePasswordAsync(user, password, http.Connection.RemoteIpAddress, http.RequestAborted)
            ?? throw new CrucibleException(ErrorCode.Unauthenticated, "Wrong user name or password.");
        var expires = time.GetUtcNow() + options.Auth.SessionLifetime;
        var secret = TokenSecrets.New();
        // The session acts as the user (capped at admin: the user's own role decides).
        await store.CreateTokenAsync(new NewApiToken("session", caller.Name, Role.Admin, Caller.AllWorkspaces, null, expires.ToUnixTimeMilliseconds()), TokenSecrets.Hash(secret), http.RequestAborted);
        SessionCookies.Set(http, secret, expires);
        return TypedResults.Json(new LoginResponse(caller.Name, AccountMapping.RoleName(caller.Role), SessionCookies.CsrfToken(secret), expires.ToUnixTimeMilliseconds()), Json.LoginResponse);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, Authenticator authenticator, IIdentityStore store)
    {
        var caller = http.GetCaller();
        if (http.Request.Cookies[AuthOptions.SessionCookie] is { Length: > 0 } session
            && caller.TokenId is { } tokenId
            && await store.FindTokenBySecretHashAsync(TokenSecrets.Hash(session), http.RequestAborted) is { } token
            && token.Id == tokenId)
        {
            await store.RevokeTokenAsync(tokenId, http.RequestAborted);
            authenticator.ForgetToken(tokenId);
        }

        SessionCookies.Delete(http);
        return Describe(http, Caller.Anonymous);
    }

    private static IResult WhoAmI(HttpContext http)
    {
        var caller = http.GetCaller();
        // The session's CSRF token, for a browser tab that did not sign in itself; only when the cookie authenticated this call.
        var csrf = caller.IsAuthenticated && http.Request.Headers.Authorization.Count == 0 && http.Request.Cookies[AuthOptions.SessionCookie] is { Length: > 0 } session
            ? SessionCookies.CsrfToken(session)
            : null;
        return Describe(http, caller, csrf);
    }

    private static IResult Describe(HttpContext http, Caller caller, string? csrf = null)
    {
        var enabled = http.RequestServices.GetRequiredService<ServerOptions>().Auth.Enabled;
        return TypedResults.Json(
            new WhoAmIResponse(caller.IsAuthenticated, caller.Kind.ToString().ToLowerInvariant(), caller.Name, AccountMapping.RoleName(caller.Role), caller.Workspace, caller.TokenId, caller.ServingDeployment, enabled, csrf),
            Json.WhoAmIResponse);
    }
}
