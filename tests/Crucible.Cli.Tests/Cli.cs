using System.CommandLine;
using Crucible.Cli.Commands;

namespace Crucible.Cli.Tests;

/// <summary>Runs the real <c>crucible</c> command tree in-process with captured stdout and stderr.</summary>
internal static class Cli
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CrucibleCommand.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error);
