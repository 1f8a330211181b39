namespace Crucible.DataQuality.Tests;

/// <summary>Paths of the committed fixtures, copied next to the test assembly.</summary>
internal static class FixturePaths
{
    public static string Of(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Bad(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "bad", name);

    /// <summary>Row numbers of dirty.csv that hold a planted problem of the given kind.</summary>
    public static HashSet<long> Planted(string kind) =>
    [
        .. File.ReadLines(Of("dirty_planted.txt"))
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.Split(' '))
            .Where(p => p[0] == kind)
            .Select(p => long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)),
    ];
}
