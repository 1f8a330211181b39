using System.Security.Cryptography;
using System.Text;

namespace Crucible.Core.Security;

/// <summary>
/// API token secrets: <c>crc_</c> followed by 32 random bytes in base64url (43 characters), so a leaked token is
/// recognizable by secret scanners. Stored as the SHA-256 of the whole string: a 256-bit random secret needs no slow hash.
/// </summary>
public static class TokenSecrets
{
    public const string Prefix = "crc_";

    /// <summary>A new secret; shown once to its creator, never stored.</summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The lowercase hex SHA-256 of <paramref name="secret"/>, as stored.</summary>
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>True when the text has the shape of a Crucible token (the prefix and 43 base64url characters).</summary>
    public static bool LooksLikeToken(string text) =>
        text is not null && text.Length == Prefix.Length + 43 && text.StartsWith(Prefix, StringComparison.Ordinal);
}
