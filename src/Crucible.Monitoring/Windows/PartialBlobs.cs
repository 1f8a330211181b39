using Crucible.Stats.Profiles;

namespace Crucible.Monitoring.Windows;

/// <summary>Merges a window's stored partial blobs, skipping (and reporting) the ones that do not decode.</summary>
public static class PartialBlobs
{
    /// <summary>
    /// Decodes and merges the partials in a canonical order. A blob that fails to decode is skipped with one problem
    /// message naming its replica; the result's profile is null when none decoded.
    /// </summary>
    public static MergedWindow Merge(WindowId window, IEnumerable<(string Replica, byte[] Blob)> partials)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(partials);
        var profiles = new List<(DatasetProfile, byte[])>();
        var problems = new List<string>();
        foreach ((string replica, byte[] blob) in partials.OrderBy(p => p.Replica, StringComparer.Ordinal))
        {
            if (TryDecode(blob, out DatasetProfile? profile, out string? problem))
            {
                profiles.Add((profile, blob));
            }
            else
            {
                problems.Add($"replica '{replica}': {problem}");
            }
        }

        DatasetProfile? merged = profiles.Count == 0 ? null : DatasetProfile.MergeCanonical(profiles, owned: true);
        return new MergedWindow(window, merged, profiles.Count, problems);
    }

    /// <summary>Decodes a blob, or says why it cannot be read (never throws for bad bytes).</summary>
    public static bool TryDecode(
        byte[] blob,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DatasetProfile? profile,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(blob);
        try
        {
            profile = DatasetProfile.FromBytes(blob);
            problem = null;
            return true;
        }
        catch (InvalidDataException e)
        {
            profile = null;
            problem = e.Message;
            return false;
        }
    }
}
