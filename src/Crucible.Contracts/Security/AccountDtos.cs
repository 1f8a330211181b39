using System.Text.Json.Serialization;

namespace Crucible.Contracts.Security;

/// <summary>The body of <c>POST /api/crucible/v1/auth/login</c>.</summary>
public sealed record LoginRequest
{
    public string? Username { get; init; }

    public string? Password { get; init; }
}

/// <summary>
/// A signed-in browser session: the session cookie is set alongside; <see cref="CsrfToken"/> must be sent as the
/// <c>X-CSRF-Token</c> header on every cookie-authenticated request that is not GET, HEAD or OPTIONS.
/// </summary>
public sealed record LoginResponse(string Username, string Role, string CsrfToken, long ExpiresAt);

/// <summary>
/// Who the request was authenticated as (<c>GET /api/crucible/v1/auth/whoami</c>). <c>csrf_token</c>: when the
/// caller came with the session cookie, the CSRF token that goes with it (a new browser tab of the web UI reads it
/// here; a page on another origin cannot read this answer).
/// </summary>
public sealed record WhoAmIResponse(bool Authenticated, string Kind, string Name, string Role, string Workspace, string? TokenId, string? ServingDeployment, bool AuthEnabled, string? CsrfToken = null);

/// <summary>The body of <c>POST /api/crucible/v1/users</c>; <see cref="Role"/> is the role in the default workspace (viewer when absent).</summary>
public sealed record CreateUserRequest
{
    public string? Name { get; init; }

    public string? Password { get; init; }

    public string? Role { get; init; }
}

/// <summary>The body of <c>POST /api/crucible/v1/service-accounts</c>.</summary>
public sealed record CreateServiceAccountRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    public string? Role { get; init; }
}

/// <summary>The body of <c>POST /api/crucible/v1/users/{name}/password</c>; <see cref="CurrentPassword"/> is required when changing one's own.</summary>
public sealed record ChangePasswordRequest
{
    public string? Password { get; init; }

    public string? CurrentPassword { get; init; }
}

/// <summary>The body of <c>PUT /api/crucible/v1/principals/{name}/roles/{workspace}</c>: viewer, editor, maintainer, admin or none.</summary>
public sealed record SetRoleRequest
{
    public string? Role { get; init; }
}

/// <summary>A role in one workspace.</summary>
public sealed record RoleBindingDto(string Workspace, string Role);

/// <summary>A user or service account (never its password or hash).</summary>
public sealed record PrincipalDto(string Name, string Kind, string Description, string CreatedBy, IReadOnlyList<RoleBindingDto> Roles, long CreationTimestamp, long LastUpdatedTimestamp);

public sealed record PrincipalResponse(PrincipalDto Principal);

public sealed record PrincipalsResponse(IReadOnlyList<PrincipalDto> Principals);

/// <summary>
/// The body of <c>POST /api/crucible/v1/tokens</c>. <see cref="Owner"/> defaults to the caller (admins may name a service
/// account or user); <see cref="Role"/> defaults to the owner's role and may not exceed it; a serving token
/// (<see cref="ServingDeployment"/>) may only call that deployment's inference. <see cref="ExpiresInDays"/> 0 or absent: no expiry.
/// </summary>
public sealed record CreateTokenRequest
{
    public string? Name { get; init; }

    public string? Owner { get; init; }

    public string? Role { get; init; }

    public string? Workspace { get; init; }

    public string? ServingDeployment { get; init; }

    public int? ExpiresInDays { get; init; }
}

/// <summary>An API token's record, without its secret.</summary>
public sealed record TokenDto(
    string Id,
    string Name,
    string Owner,
    string Role,
    string Workspace,
    string? ServingDeployment,
    long CreationTimestamp,
    long? ExpiryTimestamp,
    long? LastUsedTimestamp,
    long? RevokedTimestamp);

/// <summary>A new token: <see cref="Secret"/> is shown here once and cannot be read again.</summary>
public sealed record CreateTokenResponse(TokenDto Token, string Secret);

public sealed record TokenResponse(TokenDto Token);

public sealed record TokensResponse(IReadOnlyList<TokenDto> Tokens);

/// <summary>The body of <c>POST /api/crucible/v1/workspaces</c>.</summary>
public sealed record CreateWorkspaceRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }
}

/// <summary>A workspace: it owns experiments, registered models, datasets, deployments, monitors and pipelines.</summary>
public sealed record WorkspaceDto(string Name, string Description, string CreatedBy, long CreationTimestamp);

public sealed record WorkspaceResponse(WorkspaceDto Workspace);

public sealed record WorkspacesResponse(IReadOnlyList<WorkspaceDto> Workspaces);

/// <summary>Source-generated JSON for the accounts API: snake_case, nulls omitted, unknown fields refused.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(WhoAmIResponse))]
[JsonSerializable(typeof(CreateUserRequest))]
[JsonSerializable(typeof(CreateServiceAccountRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(SetRoleRequest))]
[JsonSerializable(typeof(PrincipalResponse))]
[JsonSerializable(typeof(PrincipalsResponse))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(CreateTokenResponse))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TokensResponse))]
[JsonSerializable(typeof(CreateWorkspaceRequest))]
[JsonSerializable(typeof(WorkspaceResponse))]
[JsonSerializable(typeof(WorkspacesResponse))]
public sealed partial class AccountsJsonContext : JsonSerializerContext;
