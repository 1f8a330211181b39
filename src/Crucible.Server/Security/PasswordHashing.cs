using Microsoft.AspNetCore.Identity;

namespace Crucible.Server.Security;

/// <summary>
/// Passwords hashed and checked with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted,
/// versioned). Counts verifications, so tests can show a password is not hashed again on every request.
/// </summary>
internal sealed class PasswordHashing
{
    /// <summary>Shortest password accepted for a user.</summary>
    public const int MinLength = 8;

    /// <summary>Checked when the user does not exist, so an unknown name costs the same time as a wrong password.</summary>
    private static readonly string DecoyHash = new PasswordHasher<object>().HashPassword(new object(), "decoy-password-for-unknown-users");

    private readonly PasswordHasher<object> _hasher = new();
    private readonly object _user = new();
    private long _verifications;

    /// <summary>How many password checks ran (each costs tens of milliseconds of CPU).</summary>
    public long Verifications => Interlocked.Read(ref _verifications);

    public string Hash(string password)
    {
        Check(password);
        return _hasher.HashPassword(_user, password);
    }

    /// <summary>Checks <paramref name="password"/> against <paramref name="hash"/> (null: no such user, checked against a decoy and refused).</summary>
    public PasswordVerificationResult Verify(string? hash, string password)
    {
        Interlocked.Increment(ref _verifications);
        var result = _hasher.VerifyHashedPassword(_user, hash ?? DecoyHash, password);
        return hash is null ? PasswordVerificationResult.Failed : result;
    }

    /// <summary>Refuses a password too short to be one (INVALID_PARAMETER_VALUE); never echoes it.</summary>
    public static void Check(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            throw Core.Errors.CrucibleException.Invalid($"A password must have at least {MinLength} characters.");
        }
    }
}
