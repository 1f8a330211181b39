using Crucible.Core.Errors;

namespace Crucible.Core.Artifacts;

/// <summary>Normalizes artifact paths and confines them to the store: no <c>..</c>, no absolute paths, no backslashes.</summary>
public static class ArtifactPath
{
    public const int MaxLength = 1024;

    /// <summary>
    /// Returns the path with single forward slashes and no leading or trailing slash ("" for the root).
    /// The input must already be URL-decoded once; a segment that is still percent-encoded as a dot or
    /// slash (<c>%2e</c>, <c>%2f</c>) is refused, so a double-encoded <c>..</c> cannot slip through.
    /// </summary>
    public static string Normalize(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return string.Empty;
        }

        if (raw.Length > MaxLength)
        {
            throw CrucibleException.Invalid($"Artifact path is longer than {MaxLength} characters.");
        }

        if (raw.StartsWith('/') || raw.Contains('\\', StringComparison.Ordinal) || raw.Contains(':', StringComparison.Ordinal)
            || raw.Contains('\0', StringComparison.Ordinal))
        {
            throw CrucibleException.Invalid($"Invalid artifact path '{raw}': it must be relative, with forward slashes.");
        }

        if (raw.Contains("%2e", StringComparison.OrdinalIgnoreCase) || raw.Contains("%2f", StringComparison.OrdinalIgnoreCase)
            || raw.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            throw CrucibleException.Invalid($"Invalid artifact path '{raw}': encoded dots or slashes are not allowed.");
        }

        var segments = raw.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            if (segment is "." or "..")
            {
                throw CrucibleException.Invalid($"Invalid artifact path '{raw}': '.' and '..' segments are not allowed.");
            }
        }

        return string.Join('/', segments);
    }

    /// <summary>Joins normalized paths.</summary>
    public static string Combine(string left, string right) =>
        left.Length == 0 ? right : right.Length == 0 ? left : left + "/" + right;
}
