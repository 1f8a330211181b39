using Microsoft.Playwright;

namespace Crucible.Ui.Tests;

/// <summary>
/// Page screenshots for docs/ui.md: written to docs/ui/&lt;name&gt;.png only when <c>CRUCIBLE_UI_SCREENSHOTS=1</c>, so
/// an ordinary test run (and CI) never rewrites the repository.
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

        var folder = Path.Combine(RepositoryRoot(), "docs", "ui");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png") });
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crucible.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Crucible.slnx not found above " + AppContext.BaseDirectory);
    }
}
