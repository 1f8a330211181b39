namespace Crucible.Server.Tests;

/// <summary>The <c>crucible</c> CLI built beside this test run (the project reference builds it first).</summary>
internal static class CliBinary
{
    public static string Path()
    {
        var root = Docs.ReadmeSamplesTests.RepoRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
        var path = System.IO.Path.Combine(root, "src", "Crucible.Cli", "bin", configuration, "net10.0", "crucible.dll");
        Assert.True(File.Exists(path), $"build the CLI first: {path} is missing");
        return path;
    }
}
