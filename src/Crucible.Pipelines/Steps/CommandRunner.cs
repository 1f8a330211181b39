using System.Diagnostics;
using System.Text;
using Crucible.Pipelines.Running;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// Runs a training command in a small sandbox: no shell, arguments passed as a list; a clean environment (only
/// <c>PATH</c>, <c>HOME</c> set to the command's own working folder, <c>LANG</c>, and the variables given); that working
/// folder as its current directory; its own session and process group (through <c>setsid</c> where there is one), so
/// the timeout or a cancellation kills every process it started; stdout and stderr copied line by line into the step's
/// log up to <see cref="CommandStepOptions.MaxOutputBytes"/> (the rest is read and dropped, and the log says so). A
/// non-zero exit or the timeout fails the step with the last lines of stderr.
/// </summary>
internal static partial class CommandRunner
{
    public const int StderrTailLines = 20;

    private const string SetsidPath = "/usr/bin/setsid";

    public static async Task RunAsync(
        IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, string workingDirectory, TimeSpan timeout, CommandStepOptions options, StepLog log, CancellationToken cancellationToken)
    {
        if (command.Count == 0 || command[0].Length == 0)
        {
            throw new PipelineStepException("'command' is empty: give the program and its arguments");
        }

        var grouped = OperatingSystem.IsLinux() && File.Exists(SetsidPath);
        var start = new ProcessStartInfo(grouped ? SetsidPath : command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.CreateDirectory(workingDirectory).FullName,
        };
        foreach (var argument in grouped ? command : command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        start.Environment["HOME"] = start.WorkingDirectory;
        start.Environment["LANG"] = Environment.GetEnvironmentVariable("LANG") ?? "C.UTF-8";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new CappedOutput(log, options.MaxOutputBytes);
        var stderr = new Queue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                output.Line(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            output.Line("stderr: " + line);
            lock (stderr)
            {
                stderr.Enqueue(line.Length > 1000 ? line[..1000] : line);
                if (stderr.Count > StderrTailLines)
                {
                    stderr.Dequeue();
                }
            }
        };
        log.Line("$ " + string.Join(' ', command.Select(Quote)));
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PipelineStepException($"command '{command[0]}' could not be started: {e.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (timeout > options.MaxTimeout)
        {
            timeout = options.MaxTimeout;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process, grouped);
            cancellationToken.ThrowIfCancellationRequested();
            throw new PipelineStepException($"command '{command[0]}' did not finish within {timeout} and was killed{Tail(stderr)}");
        }

        // The asynchronous readers may still hold the last lines; this overload waits for them. A process left behind
        // in the group holds the pipes open, so it is killed first.
        if (grouped)
        {
            _ = KillGroup(process.Id);
        }

        process.WaitForExit();
        log.Line($"exit code {process.ExitCode}");
        if (process.ExitCode != 0)
        {
            throw new PipelineStepException($"command '{command[0]}' exited with code {process.ExitCode}{Tail(stderr)}");
        }
    }

    /// <summary>Kills the command's process group (every process it started, even those that left its tree), then its tree.</summary>
    private static void Kill(Process process, bool grouped)
    {
        if (grouped)
        {
            _ = KillGroup(process.Id);
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary><c>kill(-pgid, SIGKILL)</c>: setsid made the command the leader of its own group, whose id is its pid.</summary>
    private static int KillGroup(int processGroup) => OperatingSystem.IsLinux() ? NativeKill(-processGroup, 9) : -1;

#pragma warning disable SYSLIB1054 // A blittable two-int call: no marshalling for the source generator to do, and it would need unsafe code.
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int NativeKill(int pid, int signal);
#pragma warning restore SYSLIB1054

    private static string Tail(Queue<string> stderr)
    {
        lock (stderr)
        {
            return stderr.Count == 0 ? string.Empty : "; stderr ends with: " + string.Join(" | ", stderr);
        }
    }

    private static string Quote(string argument) => argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Copies lines into the log until the byte budget is spent, then notes the truncation once and drops the rest.</summary>
    private sealed class CappedOutput(StepLog log, long maxBytes)
    {
        private readonly Lock _lock = new();
        private long _bytes;
        private bool _truncated;

        public void Line(string line)
        {
            lock (_lock)
            {
                if (_truncated)
                {
                    return;
                }

                _bytes += Encoding.UTF8.GetByteCount(line) + 1;
                if (_bytes <= maxBytes)
                {
                    log.Line(line);
                    return;
                }

                _truncated = true;
                log.Line($"[output truncated: the command wrote more than {maxBytes} bytes; the rest was discarded]");
            }
        }
    }
}
