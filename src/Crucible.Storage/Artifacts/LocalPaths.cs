using Crucible.Core.Errors;

namespace Crucible.Storage.Artifacts;

/// <summary>File system path helpers for confining artifact paths: symlink resolution and containment.</summary>
internal static class LocalPaths
{
    private const int MaxLinkDepth = 40;

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies below it (both absolute).</summary>
    public static bool IsUnder(string path, string root)
    {
        var trimmedRoot = Path.TrimEndingDirectorySeparator(root);
        var trimmedPath = Path.TrimEndingDirectorySeparator(path);
        return string.Equals(trimmedPath, trimmedRoot, StringComparison.Ordinal)
            || trimmedPath.StartsWith(trimmedRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || (trimmedRoot.Length > 0 && trimmedRoot[^1] == Path.DirectorySeparatorChar && trimmedPath.StartsWith(trimmedRoot, StringComparison.Ordinal));
    }

    /// <summary>
    /// The absolute path with every existing symlink component resolved (like <c>realpath</c>); components that
    /// do not exist yet are appended as they are.
    /// </summary>
    public static string RealPath(string fullPath) => RealPath(fullPath, 0);

    private static string RealPath(string fullPath, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw CrucibleException.Invalid("Too many levels of symbolic links in an artifact path.");
        }

        var root = Path.GetPathRoot(fullPath) ?? string.Empty;
        var parts = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            var linkTarget = new FileInfo(next).LinkTarget;
            if (linkTarget is not null)
            {
                next = RealPath(Path.GetFullPath(linkTarget, current), depth + 1);
            }
            else if (!Directory.Exists(next))
            {
                // A file or a missing component: nothing below it can be a link.
                return Path.Combine([next, .. parts[(i + 1)..]]);
            }

            current = next;
        }

        return current;
    }
}
