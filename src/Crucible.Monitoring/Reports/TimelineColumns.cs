using System.Globalization;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Profiles;

namespace Crucible.Monitoring.Reports;

/// <summary>
/// Feature names for the ordinal columns of served traffic. A prediction profile names the columns of a
/// <c>[N, C]</c> input <c>NAME[0]</c> … <c>NAME[C-1]</c> unless it was built with the model's feature names; a drift
/// report shows the names, as every other report does, by renaming those columns in every profile it compares. Only
/// one input's columns are renamed, only when their count equals the names', and never onto an existing column.
/// </summary>
public static class TimelineColumns
{
    /// <summary>The renaming of <paramref name="profile"/>'s ordinal input columns to <paramref name="featureNames"/>; empty when they do not fit.</summary>
    public static IReadOnlyDictionary<string, string> Map(DatasetProfile profile, IReadOnlyList<string>? featureNames, string outputPrefix = PredictionProfiles.OutputPrefix)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (featureNames is not { Count: > 0 })
        {
            return map;
        }

        var ordinal = profile.ColumnNames
            .Where(c => !c.StartsWith(outputPrefix, StringComparison.Ordinal))
            .Select(c => (Column: c, Parsed: Parse(c)))
            .Where(c => c.Parsed is not null)
            .GroupBy(c => c.Parsed!.Value.Tensor, StringComparer.Ordinal)
            .ToList();
        if (ordinal.Count != 1 || ordinal[0].Count() != featureNames.Count
            || ordinal[0].Any(c => c.Parsed!.Value.Index >= featureNames.Count)
            || featureNames.Distinct(StringComparer.Ordinal).Count() != featureNames.Count
            || featureNames.Any(n => string.IsNullOrEmpty(n) || profile.Column(n) is not null))
        {
            return map;
        }

        foreach (var (column, parsed) in ordinal[0])
        {
            map[column] = featureNames[parsed!.Value.Index];
        }

        return map;
    }

    /// <summary>A copy of <paramref name="profile"/> with its columns renamed by <paramref name="map"/> (the profile itself when nothing is renamed).</summary>
    public static DatasetProfile Rename(DatasetProfile profile, IReadOnlyDictionary<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(map);
        if (map.Count == 0 || !profile.ColumnNames.Any(map.ContainsKey))
        {
            return profile;
        }

        return new DatasetProfile(
            profile.Columns.Select(c => map.TryGetValue(c.Name, out var name) && profile.Column(name) is null ? c.Clone(name) : c.Clone()),
            profile.RowCount,
            profile.WindowStart,
            profile.WindowEnd,
            profile.Tags);
    }

    /// <summary>The reference and every window with the ordinal input columns named by <paramref name="featureNames"/>.</summary>
    public static (DatasetProfile Reference, IReadOnlyList<TimelineWindow> Windows) Name(
        DatasetProfile reference, IReadOnlyList<TimelineWindow> windows, IReadOnlyList<string>? featureNames, string outputPrefix = PredictionProfiles.OutputPrefix)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(windows);
        var map = Map(reference, featureNames, outputPrefix);
        if (map.Count == 0)
        {
            return (reference, windows);
        }

        return (Rename(reference, map), [.. windows.Select(w => w.Profile is null ? w : w with { Profile = Rename(w.Profile, map) })]);
    }

    private static (string Tensor, int Index)? Parse(string column)
    {
        if (column.Length < 4 || column[^1] != ']')
        {
            return null;
        }

        var open = column.LastIndexOf('[');
        return open > 0 && int.TryParse(column.AsSpan(open + 1, column.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? (column[..open], index)
            : null;
    }
}
