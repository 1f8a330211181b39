namespace Crucible.Core.Security;

/// <summary>
/// Users, service accounts, their role bindings and API tokens. Errors are <see cref="Errors.CrucibleException"/>s:
/// unknown names are <c>RESOURCE_DOES_NOT_EXIST</c>, a taken name <c>RESOURCE_ALREADY_EXISTS</c>.
/// </summary>
public interface IIdentityStore
{
    /// <summary>The most tokens or principals one list call returns.</summary>
    const int MaxList = 10_000;

    Task<Principal> CreatePrincipalAsync(string name, PrincipalKind kind, string? passwordHash, string description, string createdBy, CancellationToken cancellationToken);

    /// <summary>The principal, or null when there is none of that name.</summary>
    Task<Principal?> FindPrincipalAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Principal>> ListPrincipalsAsync(PrincipalKind kind, CancellationToken cancellationToken);

    /// <summary>How many users exist (first start creates an admin when none does).</summary>
    Task<long> CountUsersAsync(CancellationToken cancellationToken);

    /// <summary>Replaces a user's password hash.</summary>
    Task SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken);

    /// <summary>Deletes the principal with its role bindings, and revokes its tokens.</summary>
    Task DeletePrincipalAsync(string name, CancellationToken cancellationToken);

    /// <summary>Sets the principal's role in a workspace; <see cref="Role.None"/> removes the binding.</summary>
    Task SetRoleAsync(string principal, string workspace, Role role, CancellationToken cancellationToken);

    Task<IReadOnlyList<RoleBinding>> GetRolesAsync(string principal, CancellationToken cancellationToken);

    /// <summary>Stores a token whose secret hashes to <paramref name="secretHash"/>; the owner must exist.</summary>
    Task<ApiToken> CreateTokenAsync(NewApiToken token, string secretHash, CancellationToken cancellationToken);

    /// <summary>The token whose secret hashes to <paramref name="secretHash"/>, revoked or not; null when none.</summary>
    Task<ApiToken?> FindTokenBySecretHashAsync(string secretHash, CancellationToken cancellationToken);

    Task<ApiToken> GetTokenAsync(string id, CancellationToken cancellationToken);

    /// <summary>Tokens, newest first, of one owner or of everyone (<paramref name="owner"/> null).</summary>
    Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? owner, CancellationToken cancellationToken);

    /// <summary>Revokes the token (idempotent: a revoked token keeps its first revocation time).</summary>
    Task<ApiToken> RevokeTokenAsync(string id, CancellationToken cancellationToken);

    /// <summary>Records last-use times in one write; unknown ids are skipped, a time never moves backwards.</summary>
    Task TouchTokensAsync(IReadOnlyCollection<KeyValuePair<string, long>> lastUsedMs, CancellationToken cancellationToken);
}
