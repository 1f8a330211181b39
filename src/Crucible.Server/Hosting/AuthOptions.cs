namespace Crucible.Server.Hosting;

/// <summary>
/// Authentication settings (<see cref="ServerOptions.Auth"/>). Auth is on by default; turning it off
/// (<c>crucible server --no-auth</c>) is accepted only when the server binds a loopback address.
/// </summary>
public sealed record AuthOptions
{
    /// <summary>The name of the session cookie the login endpoint sets.</summary>
    public const string SessionCookie = "crucible_session";

    /// <summary>The header a cookie-authenticated mutating request must carry, holding the login's <c>csrf_token</c>.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    /// <summary>The file name of the first-start admin token, in the data folder.</summary>
    public const string AdminTokenFileName = "admin.token";

    /// <summary>False: every request runs as the local system caller with full rights (loopback only).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// How long a verified credential (a token, or a user and password) is trusted without asking the store again.
    /// A token revoked or a password changed through another replica stops working within this bound; on the replica
    /// that made the change, at once.
    /// </summary>
    public TimeSpan CredentialCacheTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a login's session cookie stays valid.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>A token's last-use time is written at most this often (off the request path, in batches).</summary>
    public TimeSpan LastUseInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Where the first-start admin token is written (mode 0600); null: <c>admin.token</c> beside the SQLite file, else in <c>crucible-data/</c>.</summary>
    public string? AdminTokenFile { get; init; }

    /// <summary>Failed password checks (login, HTTP Basic) for one user name within <see cref="LoginFailureWindow"/> before that name is locked out; 0 turns it off.</summary>
    public int LoginFailuresPerUser { get; init; } = 5;

    /// <summary>Failed password checks from one client address within <see cref="LoginFailureWindow"/> before that address is locked out; 0 turns it off (behind a reverse proxy every client has the proxy's address).</summary>
    public int LoginFailuresPerAddress { get; init; } = 20;

    /// <summary>The window the failures are counted in; a user name or address without a failure for this long starts over.</summary>
    public TimeSpan LoginFailureWindow { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The first lockout; each further one in a row doubles it, up to <see cref="LoginLockoutMax"/>.</summary>
    public TimeSpan LoginLockout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest lockout.</summary>
    public TimeSpan LoginLockoutMax { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>Where the first-start admin token is written.</summary>
public static class AdminTokenFiles
{
    /// <summary><see cref="AuthOptions.AdminTokenFile"/>, else <c>admin.token</c> beside the SQLite file, else in <c>crucible-data/</c>.</summary>
    public static string AdminTokenFile(this ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Auth.AdminTokenFile is { Length: > 0 } file)
        {
            return Path.GetFullPath(file);
        }

        var folder = Crucible.Storage.MetadataStore.SqliteFile(options.BackendStoreUri) is { } sqlite
            ? Path.GetDirectoryName(Path.GetFullPath(sqlite))!
            : Path.GetFullPath(ServerOptions.DefaultDataFolder);
        return Path.Combine(folder, AuthOptions.AdminTokenFileName);
    }
}
