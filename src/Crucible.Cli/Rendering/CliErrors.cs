using System.CommandLine;
using System.CommandLine.Invocation;

namespace Crucible.Cli.Rendering;

/// <summary>
/// The one rule for every <c>crucible</c> error: a single line <c>error: MESSAGE</c> on stderr, and the exit code
/// <see cref="Failed"/> when the command could not do its work (the server refused or is unreachable, a deployment
/// is not ready, a step failed) or <see cref="Usage"/> when the command line or the input it names is wrong (a
/// missing or unknown option, a bad value, a file that cannot be read or parsed). Commands write errors only through
/// here, so the prefix and the codes cannot drift apart.
/// </summary>
internal static class CliErrors
{
    /// <summary>The command ran but could not do its work.</summary>
    public const int Failed = 1;

    /// <summary>The command line, or the input it names, is wrong.</summary>
    public const int Usage = 2;

    public const string Prefix = "error: ";

    /// <summary><paramref name="message"/> on one line after <see cref="Prefix"/> (never twice).</summary>
    public static string Line(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.ReplaceLineEndings(" ").Trim();
        while (text.StartsWith("error:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["error:".Length..].TrimStart();
        }

        return Prefix + text;
    }

    /// <summary>Writes the error line and returns <paramref name="exitCode"/>.</summary>
    public static int Write(TextWriter error, string message, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(error);
        error.WriteLine(Line(message));
        return exitCode;
    }

    /// <summary>Writes the error line and returns <paramref name="exitCode"/>.</summary>
    public static async Task<int> WriteAsync(TextWriter error, string message, int exitCode)
    {
        ArgumentNullException.ThrowIfNull(error);
        await error.WriteLineAsync(Line(message)).ConfigureAwait(false);
        return exitCode;
    }

    /// <summary>
    /// Runs the parsed command line: parse errors (an unknown option, a missing argument) are written by the rule above
    /// with a pointer to the command's help and exit with <see cref="Usage"/>; <c>-h</c>/<c>--help</c> and everything
    /// else run as parsed.
    /// </summary>
    public static async Task<int> InvokeAsync(ParseResult parse, InvocationConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(configuration);
        if (parse.Action is not ParseErrorAction)
        {
            return await parse.InvokeAsync(configuration).ConfigureAwait(false);
        }

        foreach (var problem in parse.Errors)
        {
            await configuration.Error.WriteLineAsync(Line(problem.Message)).ConfigureAwait(false);
        }

        var path = string.Join(' ', CommandPath(parse));
        await configuration.Error.WriteLineAsync($"Run '{path} --help' for usage.").ConfigureAwait(false);
        return Usage;
    }

    private static List<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "crucible" : result.Command.Name);
        }

        names.Reverse();
        return names;
    }
}
