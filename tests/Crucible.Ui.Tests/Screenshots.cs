using Microsoft.Playwright;

namespace Crucible.Ui.Tests;

/// <summary>
/// Page screenshots for docs/ui.md: written to docs/ui/&lt;name&gt;.png only when <c>CRUCIBLE_UI_SCREENSHOTS=1</c>, so
/// an ordinary test run (and CI) never rewrites the repository. <c>CRUCIBLE_UI_SCREENSHOTS_DIR</c> names another folder.
/// </summary>
public static class Screenshots
{
    public static bool Enabled => Environment.GetEnvironmentVariable("CRUCIBLE_UI_SCREENSHOTS") == "1";

    public static async Task TakeAsync(IPage page, string name)
    {
        if (!Enabled)
        {
            return;
        }

        var folder = Environment.GetEnvironmentVariable("CRUCIBLE_UI_SCREENSHOTS_DIR") is { Length: > 0 } chosen ? chosen : Path.Combine(RepositoryRoot(), "docs", "ui");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
    }

    /// <summary>The checkout above the test binaries, or above the working folder (for binaries built elsewhere with -o).</summary>
    public static string RepositoryRoot() =>
        Above(AppContext.BaseDirectory) ?? Above(Directory.GetCurrentDirectory())
        ?? throw new InvalidOperationException("Crucible.slnx not found above " + AppContext.BaseDirectory + " or the working folder");

    private static string? Above(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crucible.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }
}
