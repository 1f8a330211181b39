using System.Diagnostics;

namespace Crucible.Evaluation.Tests.Reporting;

/// <summary>Runs Debian's Chromium headless (no network features) on a local file and returns what it printed.</summary>
internal static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    public static string Run(string profileDirectory, string url, params string[] extra)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: apt-get install -y --no-install-recommends chromium (scripts/test.sh does it).");
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic", "--user-data-dir=" + profileDirectory,
        }.Concat(extra).Append(url))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("Chromium did not finish within 90 s.");
        }

        Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {error.Result}");
        return output.Result;
    }
}
