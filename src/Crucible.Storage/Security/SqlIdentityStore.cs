using System.Data.Common;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Storage.Relational;

namespace Crucible.Storage.Security;

/// <summary>Users, service accounts, role bindings and API tokens on SQLite or PostgreSQL (migration 0014).</summary>
internal sealed class SqlIdentityStore(IDbExecutor db, TimeProvider time) : IIdentityStore
{
    /// <summary>Longest principal, token or workspace name.</summary>
    public const int MaxNameLength = 256;

    private SqlStatements Sql => db.Dialect.Statements;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<Principal> CreatePrincipalAsync(string name, PrincipalKind kind, string? passwordHash, string description, string createdBy, CancellationToken cancellationToken)
    {
        CheckName(name, "name");
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(createdBy);
        if ((kind == PrincipalKind.User) != (passwordHash is not null))
        {
            throw CrucibleException.Invalid(kind == PrincipalKind.User ? "A user needs a password." : "A service account has no password.");
        }

        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var inserted = await c.ExecuteAsync(
                    t, Sql["InsertPrincipal"], ct,
                    ("@name", name), ("@kind", KindText(kind)), ("@password_hash", passwordHash), ("@description", description), ("@created_by", createdBy), ("@now", Now)).ConfigureAwait(false);
                return inserted == 1
                    ? (await LoadPrincipalAsync(c, t, name, ct).ConfigureAwait(false))!
                    : throw CrucibleException.AlreadyExists($"A user or service account named '{name}' already exists.");
            },
            cancellationToken);
    }

    public Task<Principal?> FindPrincipalAsync(string name, CancellationToken cancellationToken)
    {
        Guard.Required(name, "name");
        return db.ReadAsync((c, t, ct) => LoadPrincipalAsync(c, t, name, ct), cancellationToken);
    }

    public Task<IReadOnlyList<Principal>> ListPrincipalsAsync(PrincipalKind kind, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<Principal>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["ListPrincipals"], ReadPrincipal, ct, ("@kind", KindText(kind)), ("@limit", (long)IIdentityStore.MaxList)).ConfigureAwait(false),
            cancellationToken);

    public Task<long> CountUsersAsync(CancellationToken cancellationToken) =>
        db.ReadAsync(
            async (c, t, ct) => Convert.ToInt64(await c.ScalarAsync(t, Sql["CountUsers"], ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture),
            cancellationToken);

    public Task SetPasswordHashAsync(string name, string passwordHash, CancellationToken cancellationToken)
    {
        Guard.Required(name, "name");
        Guard.Required(passwordHash, "password_hash");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var updated = await c.ExecuteAsync(t, Sql["SetPasswordHash"], ct, ("@name", name), ("@password_hash", passwordHash), ("@now", Now)).ConfigureAwait(false);
                return updated == 1 ? updated : throw UserNotFound(name);
            },
            cancellationToken);
    }

    public Task DeletePrincipalAsync(string name, CancellationToken cancellationToken)
    {
        Guard.Required(name, "name");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var deleted = await c.ExecuteAsync(t, Sql["DeletePrincipal"], ct, ("@name", name)).ConfigureAwait(false);
                if (deleted != 1)
                {
                    throw PrincipalNotFound(name);
                }

                await c.ExecuteAsync(t, Sql["DeleteRoleBindings"], ct, ("@principal", name)).ConfigureAwait(false);
                await c.ExecuteAsync(t, Sql["DeletePrincipalGrants"], ct, ("@principal", name)).ConfigureAwait(false);
                return await c.ExecuteAsync(t, Sql["RevokeOwnerTokens"], ct, ("@owner", name), ("@now", Now)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task SetRoleAsync(string principal, string workspace, Role role, CancellationToken cancellationToken)
    {
        Guard.Required(principal, "principal");
        CheckName(workspace, "workspace");
        CheckRole(role);
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                if (await LoadPrincipalAsync(c, t, principal, ct).ConfigureAwait(false) is null)
                {
                    throw PrincipalNotFound(principal);
                }

                return role == Role.None
                    ? await c.ExecuteAsync(t, Sql["DeleteRoleBinding"], ct, ("@principal", principal), ("@workspace", workspace)).ConfigureAwait(false)
                    : await c.ExecuteAsync(t, Sql["UpsertRoleBinding"], ct, ("@principal", principal), ("@workspace", workspace), ("@role", (long)role)).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<IReadOnlyList<RoleBinding>> GetRolesAsync(string principal, CancellationToken cancellationToken)
    {
        Guard.Required(principal, "principal");
        return db.ReadAsync<IReadOnlyList<RoleBinding>>(
            async (c, t, ct) => await c.QueryAsync(t, Sql["GetRoleBindings"], r => new RoleBinding(r.GetString(0), r.GetString(1), (Role)r.Int64(2)), ct, ("@principal", principal)).ConfigureAwait(false),
            cancellationToken);
    }

    public Task<ApiToken> CreateTokenAsync(NewApiToken token, string secretHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        CheckName(token.Name, "name");
        CheckName(token.Workspace, "workspace");
        Guard.Required(secretHash, "secret_hash");
        CheckRole(token.Role);
        if (token.Role == Role.None)
        {
            throw CrucibleException.Invalid("A token needs a role: viewer, editor, maintainer or admin.");
        }

        var id = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                if (await LoadPrincipalAsync(c, t, token.Owner, ct).ConfigureAwait(false) is null)
                {
                    throw PrincipalNotFound(token.Owner);
                }

                await c.ExecuteAsync(
                    t, Sql["InsertToken"], ct,
                    ("@token_id", id), ("@name", token.Name), ("@owner", token.Owner), ("@secret_hash", secretHash), ("@role", (long)token.Role),
                    ("@workspace", token.Workspace), ("@serving_deployment", token.ServingDeployment), ("@now", Now), ("@expiry_time", token.ExpiryTimeMs)).ConfigureAwait(false);
                return await LoadTokenAsync(c, t, id, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task<ApiToken?> FindTokenBySecretHashAsync(string secretHash, CancellationToken cancellationToken)
    {
        Guard.Required(secretHash, "secret_hash");
        return db.ReadAsync(
            async (c, t, ct) => (await c.QueryAsync(t, Sql["GetTokenBySecretHash"], ReadToken, ct, ("@secret_hash", secretHash)).ConfigureAwait(false)) is [var token] ? token : null,
            cancellationToken);
    }

    public Task<ApiToken> GetTokenAsync(string id, CancellationToken cancellationToken)
    {
        Guard.Required(id, "token_id");
        return db.ReadAsync((c, t, ct) => LoadTokenAsync(c, t, id, ct), cancellationToken);
    }

    public Task<IReadOnlyList<ApiToken>> ListTokensAsync(string? owner, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<ApiToken>>(
            async (c, t, ct) => owner is null
                ? await c.QueryAsync(t, Sql["ListTokens"], ReadToken, ct, ("@limit", (long)IIdentityStore.MaxList)).ConfigureAwait(false)
                : await c.QueryAsync(t, Sql["ListOwnerTokens"], ReadToken, ct, ("@owner", owner), ("@limit", (long)IIdentityStore.MaxList)).ConfigureAwait(false),
            cancellationToken);

    public Task<ApiToken> RevokeTokenAsync(string id, CancellationToken cancellationToken)
    {
        Guard.Required(id, "token_id");
        return db.WriteAsync(
            async (c, t, ct) =>
            {
                await c.ExecuteAsync(t, Sql["RevokeToken"], ct, ("@token_id", id), ("@now", Now)).ConfigureAwait(false);
                return await LoadTokenAsync(c, t, id, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    public Task TouchTokensAsync(IReadOnlyCollection<KeyValuePair<string, long>> lastUsedMs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastUsedMs);
        if (lastUsedMs.Count == 0)
        {
            return Task.CompletedTask;
        }

        return db.WriteAsync(
            async (c, t, ct) =>
            {
                var updated = 0;
                foreach (var (id, at) in lastUsedMs)
                {
                    updated += await c.ExecuteAsync(t, Sql["TouchToken"], ct, ("@token_id", id), ("@last_used", at)).ConfigureAwait(false);
                }

                return updated;
            },
            cancellationToken);
    }

    private async Task<Principal?> LoadPrincipalAsync(DbConnection c, DbTransaction? t, string name, CancellationToken ct) =>
        (await c.QueryAsync(t, Sql["GetPrincipal"], ReadPrincipal, ct, ("@name", name)).ConfigureAwait(false)) is [var principal] ? principal : null;

    private async Task<ApiToken> LoadTokenAsync(DbConnection c, DbTransaction? t, string id, CancellationToken ct) =>
        (await c.QueryAsync(t, Sql["GetToken"], ReadToken, ct, ("@token_id", id)).ConfigureAwait(false)) is [var token]
            ? token
            : throw CrucibleException.NotFound($"API token '{id}' does not exist.");

    private static void CheckName(string? value, string field)
    {
        Guard.Required(value, field);
        if (value.Length > MaxNameLength || value.Any(char.IsControl) || value != value.Trim())
        {
            throw CrucibleException.Invalid($"Invalid value for parameter '{field}': at most {MaxNameLength} characters, no control characters, no leading or trailing space.");
        }
    }

    private static void CheckRole(Role role)
    {
        if (!Enum.IsDefined(role))
        {
            throw CrucibleException.Invalid($"Invalid role {(int)role}.");
        }
    }

    private static string KindText(PrincipalKind kind) => kind == PrincipalKind.User ? "user" : "service_account";

    private static CrucibleException PrincipalNotFound(string name) => CrucibleException.NotFound($"No user or service account named '{name}'.");

    private static CrucibleException UserNotFound(string name) => CrucibleException.NotFound($"No user named '{name}'.");

    private static Principal ReadPrincipal(DbDataReader r) => new(
        r.GetString(0), r.GetString(1) == "user" ? PrincipalKind.User : PrincipalKind.ServiceAccount, r.NullableString(2), r.GetString(3), r.GetString(4), r.Int64(5), r.Int64(6));

    private static ApiToken ReadToken(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), (Role)r.Int64(4), r.GetString(5), r.NullableString(6),
        r.Int64(7), r.NullableInt64(8), r.NullableInt64(9), r.NullableInt64(10));
}
