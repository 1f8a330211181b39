using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Crucible.Core.Errors;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>
/// Slows password guessing (the login endpoint, HTTP Basic, a password change's current-password check): after
/// <see cref="AuthOptions.LoginFailuresPerUser"/> failed checks for one user name, or
/// <see cref="AuthOptions.LoginFailuresPerAddress"/> from one client address, within
/// <see cref="AuthOptions.LoginFailureWindow"/>, password checks for that name or from that address are refused
/// unverified (429 <c>REQUEST_LIMIT_EXCEEDED</c> with <c>Retry-After</c>) for <see cref="AuthOptions.LoginLockout"/>,
/// doubled for each further lockout in a row up to <see cref="AuthOptions.LoginLockoutMax"/>. A correct password
/// resets its user name. An address is not reset by a success (an attacker's own account would otherwise reset the
/// budget it sprays other accounts with); it starts over after a window without failures. Tokens are never throttled
/// here. State is per replica and in memory, bounded to <see cref="MaxEntries"/> names and addresses.
/// </summary>
internal sealed class LoginThrottle(ServerOptions options, TimeProvider time)
{
    /// <summary>Names and addresses tracked at most; past this, idle ones are dropped, then any not locked out.</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);
    private readonly AuthOptions _auth = options.Auth;
    private int _count;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    private long WindowMs => (long)_auth.LoginFailureWindow.TotalMilliseconds;

    /// <summary>Throws the 429 when <paramref name="user"/> or <paramref name="address"/> is locked out; otherwise returns at once.</summary>
    public void ThrowIfLockedOut(string user, IPAddress? address)
    {
        var now = NowMs;
        if (_auth.LoginFailuresPerUser > 0 && Remaining(UserKey(user), now) is { } forUser)
        {
            throw Refusal($"Too many failed sign-ins for user '{user}'", forUser);
        }

        if (_auth.LoginFailuresPerAddress > 0 && address is not null && Remaining(AddressKey(address), now) is { } forAddress)
        {
            throw Refusal($"Too many failed sign-ins from {Normal(address)}", forAddress);
        }
    }

    /// <summary>Counts a failed password check for <paramref name="user"/> from <paramref name="address"/>.</summary>
    public void Failed(string user, IPAddress? address)
    {
        var now = NowMs;
        if (_auth.LoginFailuresPerUser > 0)
        {
            Count(UserKey(user), _auth.LoginFailuresPerUser, now);
        }

        if (_auth.LoginFailuresPerAddress > 0 && address is not null)
        {
            Count(AddressKey(address), _auth.LoginFailuresPerAddress, now);
        }
    }

    /// <summary>A correct password for <paramref name="user"/>: its failures and lockouts are forgotten.</summary>
    public void Succeeded(string user)
    {
        if (_states.TryRemove(UserKey(user), out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private static string UserKey(string user) => "u:" + user;

    private static string AddressKey(IPAddress address) => "a:" + Normal(address);

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static CrucibleException Refusal(string what, TimeSpan retry) => new(
        ErrorCode.RequestLimitExceeded,
        $"{what}: password sign-in is locked for {Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s. API tokens still work.")
    {
        RetryAfter = retry,
    };

    private TimeSpan? Remaining(string key, long now)
    {
        if (!_states.TryGetValue(key, out var state))
        {
            return null;
        }

        lock (state)
        {
            return state.LockedUntilMs > now ? TimeSpan.FromMilliseconds(state.LockedUntilMs - now) : null;
        }
    }

    private void Count(string key, int limit, long now)
    {
        if (!_states.TryGetValue(key, out var state))
        {
            if (Volatile.Read(ref _count) >= MaxEntries)
            {
                Prune(now);
            }

            state = _states.GetOrAdd(key, _ => new State());
            if (Interlocked.Exchange(ref state.Counted, 1) == 0)
            {
                Interlocked.Increment(ref _count);
            }
        }

        lock (state)
        {
            if (now - state.LastActivityMs >= WindowMs)
            {
                // Quiet for a whole window since the last failure or lockout: start over, backoff included.
                state.Failures = 0;
                state.Lockouts = 0;
            }

            state.Failures++;
            state.LastActivityMs = now;
            if (state.Failures < limit)
            {
                return;
            }

            state.Failures = 0;
            state.Lockouts++;
            var lockout = Math.Min(_auth.LoginLockout.TotalMilliseconds * Math.Pow(2, Math.Min(state.Lockouts - 1, 30)), _auth.LoginLockoutMax.TotalMilliseconds);
            state.LockedUntilMs = now + (long)lockout;
            state.LastActivityMs = state.LockedUntilMs;
        }
    }

    /// <summary>Drops names and addresses idle for a window; if that is not enough (a flood of names), every one not locked out.</summary>
    private void Prune(long now)
    {
        foreach (var pass in new[] { true, false })
        {
            foreach (var (key, state) in _states)
            {
                bool drop;
                lock (state)
                {
                    drop = pass ? now - state.LastActivityMs >= WindowMs : state.LockedUntilMs <= now;
                }

                if (drop && _states.TryRemove(key, out _))
                {
                    Interlocked.Decrement(ref _count);
                }
            }

            if (Volatile.Read(ref _count) < MaxEntries)
            {
                return;
            }
        }
    }

    private sealed class State
    {
        /// <summary>1 once the entry is in <c>_count</c>.</summary>
        public int Counted;

        public int Failures;

        public int Lockouts;

        public long LockedUntilMs;

        /// <summary>The last failure, or the end of the last lockout when that is later.</summary>
        public long LastActivityMs;
    }
}
