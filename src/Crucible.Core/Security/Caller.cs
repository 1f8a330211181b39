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

    /// <summary>A request that presented no credentials.</summary>
    public static Caller Anonymous { get; } = new(CallerKind.Anonymous, "anonymous", Role.None);

    /// <summary>Every caller when the server runs with auth off (loopback only): full rights, named so the audit trail says so.</summary>
    public static Caller LocalNoAuth { get; } = new(CallerKind.System, "local", Role.Admin);

    public bool IsAuthenticated => Kind != CallerKind.Anonymous;

    /// <summary>True when this caller holds <paramref name="role"/> or a higher one.</summary>
    public bool Has(Role role) => Role >= role;
}
