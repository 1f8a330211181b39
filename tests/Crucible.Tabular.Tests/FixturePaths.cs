namespace Crucible.Tabular.Tests;

/// <summary>Paths of the committed fixtures (kept with the data quality tests), copied next to the test assembly.</summary>
internal static class FixturePaths
{
    public static string Of(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string Bad(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "bad", name);
}
