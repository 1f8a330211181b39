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
/// another replica take effect there within the TTL. A Bearer header seen again as the same string instance (Kestrel
/// reuses a keep-alive connection's unchanged header values) skips even the SHA-256: see <see cref="AuthenticateBearerAsync"/>.
/// </summary>
internal sealed class Authenticator(IIdentityStore store, PasswordHashing hashing, TokenUsage usage, LoginThrottle throttle, ServerOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    /// <summary>Verified Authorization header strings, by reference; holds no reference to them (they go with their connection).</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, HeaderMemo> _verifiedHeaders = new();

    /// <summary>Bumped by every <see cref="Forget"/> and <see cref="ForgetToken"/>: a memo from an earlier generation is not trusted.</summary>
    private long _generation;

    private long _tokenHashes;

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

    /// <summary>How many token secrets were hashed (a cache lookup or a store lookup); tests show the fast path skips it.</summary>
    internal long TokenHashes => Interlocked.Read(ref _tokenHashes);

    /// <summary>The caller a token secret stands for, or null when it is unknown, revoked or expired.</summary>
    public async ValueTask<Caller?> AuthenticateTokenAsync(string secret, CancellationToken cancellationToken) =>
        (await VerifyTokenAsync(secret, cancellationToken).ConfigureAwait(false))?.Caller;

    /// <summary>
    /// <see cref="AuthenticateTokenAsync"/> for the <paramref name="secret"/> of the Authorization header string
    /// <paramref name="header"/>. Once verified, that string instance is remembered (weakly: the memo never keeps it alive)
    /// with its cache entry, and the next request that presents the same instance (the next request on the same keep-alive
    /// connection) is answered from the entry without hashing the secret again (about 1 µs of SHA-256 a request). The entry
    /// is checked as a cache hit is: a memo is trusted only while its entry is within the cache TTL and before the token's
    /// expiry, and not after a <see cref="Forget"/> or <see cref="ForgetToken"/> made since it was taken.
    /// </summary>
    public ValueTask<Caller?> AuthenticateBearerAsync(string header, string secret, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _generation);
        if (_verifiedHeaders.TryGetValue(header, out var memo) && memo.Generation == generation)
        {
            var now = NowMs;
            if (IsFresh(memo.Entry, now))
            {
                usage.Used(memo.Entry.TokenId!, now);
                return ValueTask.FromResult<Caller?>(memo.Entry.Caller);
            }
        }

        return VerifyAndRememberAsync(header, secret, generation, cancellationToken);
    }

    private async ValueTask<Caller?> VerifyAndRememberAsync(string header, string secret, long generation, CancellationToken cancellationToken)
    {
        var entry = await VerifyTokenAsync(secret, cancellationToken).ConfigureAwait(false);
        if (entry is not null)
        {
            _verifiedHeaders.AddOrUpdate(header, new HeaderMemo(entry, generation));
        }

        return entry?.Caller;
    }

    private async ValueTask<Entry?> VerifyTokenAsync(string secret, CancellationToken cancellationToken)
    {
        if (!TokenSecrets.LooksLikeToken(secret))
        {
            return null;
        }

        Interlocked.Increment(ref _tokenHashes);
        var key = "t:" + TokenSecrets.Hash(secret);
        var now = NowMs;
        if (Lookup(key, now) is { } hit)
        {
            usage.Used(hit.TokenId!, now);
            return hit;
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
        var entry = new Entry(caller, owner.Name, token.Id, token.ExpiryTimeMs, now);
        Remember(key, entry);
        usage.Used(token.Id, now, token.LastUsedTimeMs);
        return entry;
    }

    /// <summary>
    /// The caller a user name and password stand for (its roles in every workspace), or null when they do not
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

        var roles = (await store.GetRolesAsync(principal.Name, cancellationToken).ConfigureAwait(false)).ToDictionary(b => b.Workspace, b => b.Role, StringComparer.Ordinal);
        var home = Home(roles);
        var caller = new Caller(CallerKind.User, principal.Name, roles.GetValueOrDefault(home), Workspace: home) { WorkspaceRoles = roles, GrantsEverywhere = true };
        Remember(key, new Entry(caller, principal.Name, null, null, now));
        return caller;
    }

    /// <summary>Drops every cached credential of <paramref name="principal"/> (password changed, deleted, role changed).</summary>
    public void Forget(string principal) => ForgetWhere(entry => entry.Principal == principal);

    /// <summary>Drops the cached token <paramref name="tokenId"/> (revoked).</summary>
    public void ForgetToken(string tokenId) => ForgetWhere(entry => entry.TokenId == tokenId);

    /// <summary>Drops the matching entries and distrusts every remembered Bearer header taken before.</summary>
    private void ForgetWhere(Func<Entry, bool> match)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (key, entry) in _cache)
        {
            if (match(entry))
            {
                Remove(key);
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

        if (IsFresh(entry, now))
        {
            return entry;
        }

        Remove(key);
        return null;
    }

    private bool IsFresh(Entry entry, long now) => now - entry.CachedAtMs < _ttlMs && (entry.ExpiryMs is null || now < entry.ExpiryMs);

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

    private sealed record HeaderMemo(Entry Entry, long Generation);
}
