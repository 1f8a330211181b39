using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Crucible.Core.Security;
using Crucible.Server.Hosting;
using Microsoft.AspNetCore.Identity;

namespace Crucible.Server.Security;

/// <summary>
/// Turns credentials into a <see cref="Caller"/>. Verified credentials are cached for
/// <see cref="AuthOptions.CredentialCacheTtl"/>: a token by the SHA-256 of its secret, a user and password by a keyed
/// hash of both (a key random per process, so the cache never holds anything a password could be recovered from).
/// So a password is hashed once per TTL, not on every request (MLflow's basic auth hashes on every call). Changes made
/// here (revocation, password change, deletion, role change) drop the affected entries at once; changes made through
/// another replica take effect there within the TTL.
/// </summary>
internal sealed class Authenticator(IIdentityStore store, PasswordHashing hashing, TokenUsage usage, ServerOptions options, TimeProvider time)
{
    /// <summary>Entries kept at most; past this the cache starts over (only verified credentials are ever cached).</summary>
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly long _ttlMs = (long)options.Auth.CredentialCacheTtl.TotalMilliseconds;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The caller a token secret stands for, or null when it is unknown, revoked or expired.</summary>
    public async ValueTask<Caller?> AuthenticateTokenAsync(string secret, CancellationToken cancellationToken)
    {
        if (!TokenSecrets.LooksLikeToken(secret))
        {
            return null;
        }

        var key = "t:" + TokenSecrets.Hash(secret);
        var now = NowMs;
        if (Lookup(key, now) is { } hit)
        {
            usage.Used(hit.TokenId!, now);
            return hit.Caller;
        }

        var token = await store.FindTokenBySecretHashAsync(key[2..], cancellationToken).ConfigureAwait(false);
        if (token is null || !token.IsActive(now) || await store.FindPrincipalAsync(token.Owner, cancellationToken).ConfigureAwait(false) is not { } owner)
        {
            return null;
        }

        var bindings = await store.GetRolesAsync(owner.Name, cancellationToken).ConfigureAwait(false);
        var kind = token.ServingDeployment is not null ? CallerKind.ServingToken : owner.Kind == PrincipalKind.User ? CallerKind.User : CallerKind.ServiceAccount;
        var everywhere = token.Workspace == Caller.AllWorkspaces && token.ServingDeployment is null;
        var roles = new Dictionary<string, Role>(StringComparer.Ordinal);
        foreach (var binding in bindings)
        {
            if (everywhere || binding.Workspace == token.Workspace)
            {
                roles[binding.Workspace] = binding.Role < token.Role ? binding.Role : token.Role;
            }
        }

        var home = everywhere ? Home(roles) : token.Workspace;
        var caller = new Caller(kind, owner.Name, roles.GetValueOrDefault(home), token.Id, home, token.ServingDeployment)
        {
            WorkspaceRoles = roles,
            GrantCap = token.Role,
            GrantsEverywhere = everywhere,
        };
        Remember(key, new Entry(caller, owner.Name, token.Id, token.ExpiryTimeMs, now));
        usage.Used(token.Id, now, token.LastUsedTimeMs);
        return caller;
    }

    /// <summary>The caller a user name and password stand for (its roles in every workspace), or null when they do not match.</summary>
    public async ValueTask<Caller?> AuthenticatePasswordAsync(string user, string password, CancellationToken cancellationToken)
    {
        var key = "p:" + Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(user + "\n" + password)));
        var now = NowMs;
        if (Lookup(key, now) is { } hit)
        {
            return hit.Caller;
        }

        var principal = await store.FindPrincipalAsync(user, cancellationToken).ConfigureAwait(false);
        var hash = principal is { Kind: PrincipalKind.User } ? principal.PasswordHash : null;
        var result = hashing.Verify(hash, password);
        if (result == PasswordVerificationResult.Failed || principal is null)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await store.SetPasswordHashAsync(user, hashing.Hash(password), cancellationToken).ConfigureAwait(false);
        }

        var roles = (await store.GetRolesAsync(principal.Name, cancellationToken).ConfigureAwait(false)).ToDictionary(b => b.Workspace, b => b.Role, StringComparer.Ordinal);
        var home = Home(roles);
        var caller = new Caller(CallerKind.User, principal.Name, roles.GetValueOrDefault(home), Workspace: home) { WorkspaceRoles = roles, GrantsEverywhere = true };
        Remember(key, new Entry(caller, principal.Name, null, null, now));
        return caller;
    }

    /// <summary>Drops every cached credential of <paramref name="principal"/> (password changed, deleted, role changed).</summary>
    public void Forget(string principal)
    {
        foreach (var (key, entry) in _cache)
        {
            if (entry.Principal == principal)
            {
                _cache.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Drops the cached token <paramref name="tokenId"/> (revoked).</summary>
    public void ForgetToken(string tokenId)
    {
        foreach (var (key, entry) in _cache)
        {
            if (entry.TokenId == tokenId)
            {
                _cache.TryRemove(key, out _);
            }
        }
    }

    /// <summary>
    /// The workspace a caller with several bindings acts in when a request names none (where it creates resources):
    /// the default workspace when it holds a role there, else the one where it holds its highest role (first by name).
    /// </summary>
    private static string Home(Dictionary<string, Role> roles) =>
        roles.ContainsKey(Caller.DefaultWorkspace) || roles.Count == 0
            ? Caller.DefaultWorkspace
            : roles.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).First().Key;

    private Entry? Lookup(string key, long now)
    {
        if (!_cache.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (now - entry.CachedAtMs < _ttlMs && (entry.ExpiryMs is null || now < entry.ExpiryMs))
        {
            return entry;
        }

        _cache.TryRemove(key, out _);
        return null;
    }

    private void Remember(string key, Entry entry)
    {
        if (_ttlMs <= 0)
        {
            return;
        }

        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        _cache[key] = entry;
    }

    private sealed record Entry(Caller Caller, string Principal, string? TokenId, long? ExpiryMs, long CachedAtMs);
}
