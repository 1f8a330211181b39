using System.Collections.Concurrent;
using System.Net;
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
internal sealed class Authenticator(IIdentityStore store, PasswordHashing hashing, TokenUsage usage, LoginThrottle throttle, ServerOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly long _ttlMs = (long)options.Auth.CredentialCacheTtl.TotalMilliseconds;

    /// <summary>
    /// Entries in <see cref="_cache"/>, kept beside it because <see cref="ConcurrentDictionary{TKey, TValue}.Count"/>
    /// takes every lock of the dictionary. Exact without concurrent <see cref="StartOver"/>; off by at most the calls
    /// in flight across one, which a start-over at the bound makes harmless.
    /// </summary>
    private int _count;

    /// <summary>Entries kept at most; past this the cache starts over (only verified credentials are ever cached).</summary>
    internal int MaxEntries { get; init; } = 50_000;

    /// <summary>Entries cached now (for tests and diagnostics).</summary>
    internal int CachedEntries => Volatile.Read(ref _count);

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

        var ownerRole = await RoleInAsync(owner.Name, token.Workspace, cancellationToken).ConfigureAwait(false);
        var kind = token.ServingDeployment is not null ? CallerKind.ServingToken : owner.Kind == PrincipalKind.User ? CallerKind.User : CallerKind.ServiceAccount;
        var caller = new Caller(kind, owner.Name, ownerRole < token.Role ? ownerRole : token.Role, token.Id, token.Workspace, token.ServingDeployment);
        Remember(key, new Entry(caller, owner.Name, token.Id, token.ExpiryTimeMs, now));
        usage.Used(token.Id, now, token.LastUsedTimeMs);
        return caller;
    }

    /// <summary>
    /// The caller a user name and password stand for (its role in the default workspace), or null when they do not
    /// match. Throttled (<see cref="LoginThrottle"/>): a user name or <paramref name="client"/> address locked out by
    /// failed checks gets the 429 before anything is verified; a failure counts against both, a verified success
    /// resets the user name.
    /// </summary>
    public async ValueTask<Caller?> AuthenticatePasswordAsync(string user, string password, IPAddress? client, CancellationToken cancellationToken)
    {
        throttle.ThrowIfLockedOut(user, client);
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
            throttle.Failed(user, client);
            return null;
        }

        throttle.Succeeded(user);

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await store.SetPasswordHashAsync(user, hashing.Hash(password), cancellationToken).ConfigureAwait(false);
        }

        var caller = new Caller(CallerKind.User, principal.Name, await RoleInAsync(principal.Name, Caller.DefaultWorkspace, cancellationToken).ConfigureAwait(false));
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
                Remove(key);
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
                Remove(key);
            }
        }
    }

    private async Task<Role> RoleInAsync(string principal, string workspace, CancellationToken cancellationToken) =>
        (await store.GetRolesAsync(principal, cancellationToken).ConfigureAwait(false)).FirstOrDefault(b => b.Workspace == workspace)?.Role ?? Role.None;

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

        Remove(key);
        return null;
    }

    private void Remember(string key, Entry entry)
    {
        if (_ttlMs <= 0)
        {
            return;
        }

        if (Volatile.Read(ref _count) >= MaxEntries)
        {
            StartOver();
        }

        if (_cache.TryAdd(key, entry))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            _cache[key] = entry; // Two requests verified the same credential at once: keep the later entry.
        }
    }

    private void Remove(string key)
    {
        if (_cache.TryRemove(key, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private void StartOver()
    {
        _cache.Clear();
        Volatile.Write(ref _count, 0);
    }

    private sealed record Entry(Caller Caller, string Principal, string? TokenId, long? ExpiryMs, long CachedAtMs);
}
