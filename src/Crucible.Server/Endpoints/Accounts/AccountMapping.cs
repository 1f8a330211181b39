using Crucible.Contracts.Security;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Accounts;

/// <summary>Role names on the wire, records to DTOs, and the admin check the accounts API makes in its handlers.</summary>
internal static class AccountMapping
{
    public static string RoleName(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>Parses viewer, editor, maintainer, admin (and none when <paramref name="allowNone"/>); absent gives <paramref name="absent"/>.</summary>
    public static Role ParseRole(string? text, Role absent, bool allowNone = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return absent;
        }

        return text.ToLowerInvariant() switch
        {
            "viewer" => Role.Viewer,
            "editor" => Role.Editor,
            "maintainer" => Role.Maintainer,
            "admin" => Role.Admin,
            "none" when allowNone => Role.None,
            _ => throw CrucibleException.Invalid($"Invalid role '{text}': expected viewer, editor, maintainer or admin{(allowNone ? " (or none)" : string.Empty)}."),
        };
    }

    public static string KindName(PrincipalKind kind) => kind == PrincipalKind.User ? "user" : "service_account";

    public static PrincipalDto ToDto(Principal principal, IReadOnlyList<RoleBinding> roles) => new(
        principal.Name, KindName(principal.Kind), principal.Description, principal.CreatedBy,
        [.. roles.Select(r => new RoleBindingDto(r.Workspace, RoleName(r.Role)))], principal.CreationTimeMs, principal.LastUpdatedTimeMs);

    public static TokenDto ToDto(ApiToken token) => new(
        token.Id, token.Name, token.Owner, RoleName(token.Role), token.Workspace, token.ServingDeployment,
        token.CreationTimeMs, token.ExpiryTimeMs, token.LastUsedTimeMs, token.RevokedTimeMs);

    /// <summary>Refuses a caller without the admin role: 401 when it presented no credentials, 403 otherwise.</summary>
    public static Caller RequireAdmin(HttpContext context)
    {
        var caller = context.GetCaller();
        return caller.IsServerAdmin ? caller : throw Refusal(caller, "This needs the admin role of the server (an admin of the default workspace).");
    }

    /// <summary>Refuses an anonymous caller with 401.</summary>
    public static Caller RequireSignedIn(HttpContext context)
    {
        var caller = context.GetCaller();
        return caller.IsAuthenticated ? caller : throw Refusal(caller, "Sign in first.");
    }

    public static CrucibleException Refusal(Caller caller, string message) =>
        caller.IsAuthenticated
            ? new CrucibleException(ErrorCode.PermissionDenied, message)
            : new CrucibleException(ErrorCode.Unauthenticated, message + " Send credentials: Basic, Bearer, or the session cookie from /api/crucible/v1/auth/login.");
}
