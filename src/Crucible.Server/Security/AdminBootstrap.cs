using System.Security.Cryptography;
using Crucible.Core.Errors;
using Crucible.Core.Security;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>
/// First start with auth on and no user: creates the user <c>admin</c> (a random password that is never shown: sign in
/// with the token, then set one) and an admin API token written once to a file only its owner can read (0600), in the
/// data folder. A later start finds the user and does nothing, so the file is written once.
/// </summary>
internal static partial class AdminBootstrap
{
    public const string AdminUser = "admin";

    /// <summary>Creates the admin and its token file when there is no user yet; returns the file written, or null.</summary>
    public static async Task<string?> RunAsync(IIdentityStore store, PasswordHashing hashing, ServerOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (!options.Auth.Enabled || await store.CountUsersAsync(cancellationToken).ConfigureAwait(false) > 0)
        {
            return null;
        }

        try
        {
            await store.CreatePrincipalAsync(AdminUser, PrincipalKind.User, hashing.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))), "created at first start", "crucible", cancellationToken).ConfigureAwait(false);
        }
        catch (CrucibleException e) when (e.Code == ErrorCode.ResourceAlreadyExists)
        {
            return null; // Another replica starting at the same time made it.
        }

        await store.SetRoleAsync(AdminUser, Caller.DefaultWorkspace, Role.Admin, cancellationToken).ConfigureAwait(false);
        var secret = TokenSecrets.New();
        await store.CreateTokenAsync(new NewApiToken("first-start admin token", AdminUser, Role.Admin, Caller.DefaultWorkspace, null, null), TokenSecrets.Hash(secret), cancellationToken).ConfigureAwait(false);
        var path = options.AdminTokenFile();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(path, fileOptions))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteLineAsync(secret).ConfigureAwait(false);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); // An existing file keeps its mode otherwise.
        }

        LogCreated(logger, AdminUser, path);
        return path;
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "First start: created user '{User}' and wrote its admin API token to {Path} (mode 0600; the token is not printed). The local CLI reads it; create named tokens and users, then delete the file.")]
    private static partial void LogCreated(ILogger logger, string user, string path);
}
