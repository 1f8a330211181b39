namespace Crucible.Core.Security;

/// <summary>How a caller proved who it is.</summary>
public enum CallerKind
{
    /// <summary>No credentials were presented.</summary>
    Anonymous,

    /// <summary>A person: a password (HTTP Basic or the login form's session cookie) or a personal token.</summary>
    User,

    /// <summary>A service account's API token.</summary>
    ServiceAccount,

    /// <summary>A serving-only token: may call one deployment's inference and nothing else.</summary>
    ServingToken,

    /// <summary>The server itself, or every caller when auth is off (loopback only).</summary>
    System,
}

/// <summary>
/// Who is calling: set once per request by the authentication layer and read by authorization, the audit trail,
/// rate limits and handlers that record an author. <see cref="TokenId"/> names the token used (never its secret).
/// </summary>
public sealed record Caller(CallerKind Kind, string Name, Role Role, string? TokenId = null, string Workspace = Caller.DefaultWorkspace, string? ServingDeployment = null)
{
    public const string DefaultWorkspace = "default";

    /// <summary>A token workspace meaning every workspace its owner has a role in (browser sessions).</summary>
    public const string AllWorkspaces = "*";

    /// <summary>A request that presented no credentials.</summary>
    public static Caller Anonymous { get; } = new(CallerKind.Anonymous, "anonymous", Role.None);

    /// <summary>Every caller when the server runs with auth off (loopback only): full rights, named so the audit trail says so.</summary>
    public static Caller LocalNoAuth { get; } = new(CallerKind.System, "local", Role.Admin);

    public bool IsAuthenticated => Kind != CallerKind.Anonymous;

    /// <summary>True when this caller holds <paramref name="role"/> or a higher one in its own <see cref="Workspace"/>.</summary>
    public bool Has(Role role) => Role >= role;

    /// <summary>
    /// The role this credential opens in each workspace: every binding for a password or a session, the token's one
    /// workspace for a token (capped at the token's role). Null: <see cref="Role"/> in <see cref="Workspace"/> only.
    /// </summary>
    public IReadOnlyDictionary<string, Role>? WorkspaceRoles { get; init; }

    /// <summary>The most a per-resource grant can give this credential: a token's own role, else admin.</summary>
    public Role GrantCap { get; init; } = Role.Admin;

    /// <summary>True when the credential's grants count in every workspace (a password or a session), not only in <see cref="Workspace"/>.</summary>
    public bool GrantsEverywhere { get; init; }

    /// <summary>An admin of the default workspace is an admin of the server: full rights on every workspace's resources.</summary>
    public bool IsServerAdmin => RoleIn(DefaultWorkspace) == Role.Admin;

    /// <summary>The role this credential opens in <paramref name="workspace"/>.</summary>
    public Role RoleIn(string workspace) =>
        WorkspaceRoles is { } roles
            ? roles.GetValueOrDefault(workspace)
            : string.Equals(workspace, Workspace, StringComparison.Ordinal) ? Role : Role.None;
}
