using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>
/// Enforces the matched route's <see cref="AccessPolicy"/> after routing, before anything reads the body. Fails
/// closed: a route that declares no policy is refused. An anonymous caller on a non-public route gets 401
/// (<see cref="ErrorCode.Unauthenticated"/>, with a <c>WWW-Authenticate</c> challenge), an authenticated one without
/// the role, in another workspace, or holding a serving-only token for anything but its deployment's inference gets
/// 403 (<see cref="ErrorCode.PermissionDenied"/>). Requests that matched no route (404, 405) pass to routing's answer.
/// Routes that need a role in a workspace are checked next by <see cref="Workspaces.ResourceAccessGuard"/>, which knows
/// the workspace of the resource the request addresses.
/// </summary>
internal sealed class AuthorizationGuard(RequestDelegate next, ServerOptions options)
{
    public const string Challenge = "Basic realm=\"crucible\", Bearer";

    public Task InvokeAsync(HttpContext context)
    {
        // Routing's own 405 endpoint is not a RouteEndpoint: it answers the rejection and reaches no handler.
        if (context.GetEndpoint() is not RouteEndpoint endpoint)
        {
            return next(context);
        }

        var policy = endpoint.Metadata.GetMetadata<AccessPolicy>()
            ?? throw new CrucibleException(ErrorCode.PermissionDenied, $"The route {endpoint.RoutePattern.RawText} declares no access policy, so it is refused.");
        var access = policy.For(endpoint, context.Request.Method);
        if (access.Kind == AccessKind.Public)
        {
            return next(context);
        }

        var caller = context.GetCaller();
        if (!caller.IsAuthenticated)
        {
            context.Response.OnStarting(AddChallenge, context);
            throw new CrucibleException(ErrorCode.Unauthenticated, "Authentication required: send HTTP Basic credentials or a Bearer token.");
        }

        if (Refusal(caller, access, context, endpoint) is { } refusal)
        {
            throw new CrucibleException(ErrorCode.PermissionDenied, refusal);
        }

        return next(context);
    }

    /// <summary>Why an authenticated <paramref name="caller"/> may not make this call, or null when it may.</summary>
    private string? Refusal(Caller caller, Access access, HttpContext context, RouteEndpoint endpoint)
    {
        if (caller.Kind == CallerKind.ServingToken || caller.ServingDeployment is not null)
        {
            if (access.Kind == AccessKind.Inference && endpoint.Metadata.GetMetadata<AccessPolicy>() is { AddressedInMessage: true })
            {
                return null; // the handler decides once it has read the deployment from the message
            }

            return ServingTokenRefusal(caller, access, context.Request.RouteValues.TryGetValue("name", out var name) ? name as string : options.ServeDeployment);
        }

        // A workspace operation: the role that counts is the one on the addressed resource, which
        // Workspaces.ResourceAccessGuard (next in the pipeline) finds and checks.
        // A server-wide admin operation (accounts, tokens, the audit trail) needs an admin of the server, that is of
        // the default workspace: another workspace's admin administers only that workspace's resources.
        return access.Workspace || (access.Role == Role.Admin ? caller.IsServerAdmin : caller.Has(access.Role))
            ? null
            : $"'{caller.Name}' is {Article(caller.Role)}; {context.Request.Method} {endpoint.RoutePattern.RawText} needs the {access.Role.ToString().ToLowerInvariant()} role.";
    }

    /// <summary>Why a serving-only token may not make an <paramref name="access"/> call on deployment <paramref name="addressed"/>, or null when it may.</summary>
    internal static string? ServingTokenRefusal(Caller caller, Access access, string? addressed) =>
        access.Kind == AccessKind.Inference && addressed is not null && string.Equals(addressed, caller.ServingDeployment, StringComparison.Ordinal)
            ? null
            : $"A serving-only token may call only the inference routes of deployment '{caller.ServingDeployment}'.";

    /// <summary>"a viewer", "an editor", "no role": how refusals name a caller's role.</summary>
    internal static string Article(Role role) => role switch
    {
        Role.None => "no role",
        Role.Editor or Role.Admin => "an " + role.ToString().ToLowerInvariant(),
        _ => "a " + role.ToString().ToLowerInvariant(),
    };

    private static Task AddChallenge(object state)
    {
        var response = ((HttpContext)state).Response;
        if (response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = Challenge;
        }

        return Task.CompletedTask;
    }
}
