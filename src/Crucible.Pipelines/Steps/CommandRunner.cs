using System.Diagnostics;
using Crucible.Pipelines.Running;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// Runs a training command: no shell, arguments passed as a list, the given environment added to the server's,
/// stdout and stderr copied line by line into the step's log. A non-zero exit or the timeout fails the step with the
/// last lines of stderr; on timeout or cancellation the whole process tree is killed.
/// </summary>
internal static class CommandRunner
{
    public const int StderrTailLines = 20;

    public static async Task RunAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, StepLog log, CancellationToken cancellationToken)
    {
        if (command.Count == 0 || command[0].Length == 0)
        {
            throw new PipelineStepException("'command' is empty: give the program and its arguments");
        }

        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var stderr = new Queue<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                log.Line(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            log.Line("stderr: " + line);
            lock (stderr)
            {
                stderr.Enqueue(line);
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
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new PipelineStepException($"command '{command[0]}' did not finish within {timeout} and was killed{Tail(stderr)}");
        }

        // The asynchronous readers may still hold the last lines; this overload waits for them.
        process.WaitForExit();
        log.Line($"exit code {process.ExitCode}");
        if (process.ExitCode != 0)
        {
            throw new PipelineStepException($"command '{command[0]}' exited with code {process.ExitCode}{Tail(stderr)}");
        }
    }

    private static string Tail(Queue<string> stderr)
    {
        lock (stderr)
        {
            return stderr.Count == 0 ? string.Empty : "; stderr ends with: " + string.Join(" | ", stderr);
        }
    }

    private static string Quote(string argument) => argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? argument : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
