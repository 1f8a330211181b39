namespace Crucible.Core.Security;

/// <summary>A person who signs in with a password, or a service account that only holds API tokens.</summary>
public enum PrincipalKind
{
    User,
    ServiceAccount,
}

/// <summary>
/// A user or a service account. Names are unique across both kinds, so a role binding or a token's owner is one name.
/// <see cref="PasswordHash"/> is the hasher's output (users only; never the password), null for service accounts.
/// </summary>
public sealed record Principal(
    string Name,
    PrincipalKind Kind,
    string? PasswordHash,
    string Description,
    string CreatedBy,
    long CreationTimeMs,
    long LastUpdatedTimeMs);

/// <summary>What a principal may do in one workspace.</summary>
public sealed record RoleBinding(string Principal, string Workspace, Role Role);

/// <summary>
/// An API token's record. The secret is never stored: <see cref="SecretHash"/> is the SHA-256 of it (hex), which is
/// enough for a 256-bit random secret. A token acts as its owner with at most <see cref="Role"/> in
/// <see cref="Workspace"/>; a serving token (<see cref="ServingDeployment"/> set) may only call that deployment.
/// </summary>
public sealed record ApiToken(
    string Id,
    string Name,
    string Owner,
    string SecretHash,
    Role Role,
    string Workspace,
    string? ServingDeployment,
    long CreationTimeMs,
    long? ExpiryTimeMs,
    long? LastUsedTimeMs,
    long? RevokedTimeMs)
{
    /// <summary>True when the token may still be used at <paramref name="nowMs"/>: not revoked, not expired.</summary>
    public bool IsActive(long nowMs) => RevokedTimeMs is null && (ExpiryTimeMs is null || nowMs < ExpiryTimeMs);
}

/// <summary>What a new token holds besides its generated id and the hash of its secret.</summary>
public sealed record NewApiToken(string Name, string Owner, Role Role, string Workspace, string? ServingDeployment, long? ExpiryTimeMs);
