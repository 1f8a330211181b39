using System.Diagnostics;

namespace Crucible.Bench;

/// <summary>Runs a Python script of the benchmarks (scikit-learn side) and returns its standard output.</summary>
internal static class PythonScript
{
    /// <summary>Debian's python3, the one with python3-sklearn (a pyenv python3 on PATH may lack it).</summary>
    public const string DefaultPython = "/usr/bin/python3";

    /// <summary>Stdout of <c>python script args...</c>; a non-zero exit throws with <paramref name="scenario"/> and stderr.</summary>
    public static string Run(string scenario, string python, string script, params IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{scenario}: could not start {python}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{scenario}: {python} {script} exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout;
    }
}
