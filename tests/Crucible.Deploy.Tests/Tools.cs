using System.Diagnostics;

namespace Crucible.Deploy.Tests;

/// <summary>The repository's folders and the external tools these tests run (kubectl, node, npm, podman, debootstrap).</summary>
internal static class Tools
{
    /// <summary>The repository root (the folder holding Crucible.slnx).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>A file or folder under the repository root.</summary>
    public static string Repo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    /// <summary>Runs a program to its end (killed after <paramref name="timeout"/>); returns its exit code and output.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(
        string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoRoot,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} ran longer than {timeout}; output: {await output} {await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs a program and fails the test (with its output) when it exits non-zero; returns its stdout.</summary>
    public static async Task<string> CheckAsync(
        string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (exit, output, error) = await RunAsync(file, args, timeout, workingDirectory, environment);
        Assert.True(exit == 0, $"{file} {string.Join(' ', args)} exited {exit}:\n{output}\n{error}");
        return output;
    }

    /// <summary>The full path of <paramref name="name"/> on PATH; null when it is not installed.</summary>
    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crucible.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Crucible.slnx not found above " + AppContext.BaseDirectory);
    }
}
