using System.CommandLine;
using Crucible.Cli.Commands;
using Crucible.Cli.Rendering;

namespace Crucible.Cli.Tests.Commands;

/// <summary>
/// Issue 13, item 10: one rule for every CLI error (<c>error: MESSAGE</c> on stderr; exit 1 when the command could
/// not do its work, 2 for a wrong command line or input) and <c>-h</c> meaning help on every command.
/// </summary>
public sealed class CliErrorsTests
{
    /// <summary>Every command path of the tree, the root included: a command added later is covered without listing it.</summary>
    public static TheoryData<string> CommandPaths()
    {
        var paths = new TheoryData<string>();
        void Walk(Command command, string path)
        {
            paths.Add(path);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}");
            }
        }

        Walk(CrucibleCommand.Create(), string.Empty);
        return paths;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Dash_h_prints_help_on_every_command(string path)
    {
        string[] args = [.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "-h"];

        var result = await Cli.RunAsync(args);

        Assert.True(result.ExitCode == 0, $"{path} -h: exit {result.ExitCode}: {result.Error}");
        Assert.Contains("Usage:", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Theory]
    [InlineData("server")]
    [InlineData("serve")]
    public async Task Server_commands_keep_host_as_a_long_option_only(string command)
    {
        var result = await Cli.RunAsync(command, "-h");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--host", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("-h, --host", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_parse_error_is_an_error_line_with_a_pointer_to_help_and_exit_2()
    {
        var missing = await Cli.RunAsync("deployments", "create");
        var unknown = await Cli.RunAsync("models", "list", "--no-such-option");

        Assert.Equal((2, 2), (missing.ExitCode, unknown.ExitCode));
        Assert.StartsWith("error: ", missing.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'crucible deployments create --help' for usage.", missing.Error, StringComparison.Ordinal);
        Assert.Contains("error: Unrecognized command or argument '--no-such-option'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'crucible models list --help' for usage.", unknown.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string[], int> Failures()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"crucible-missing-{Guid.NewGuid():N}.csv");
        const string Nobody = "http://127.0.0.1:9";
        return new TheoryData<string[], int>
        {
            { ["evaluate", "--predictions", missing, "--label-column", "y"], CliErrors.Usage },
            { ["evaluate", "--tracking-uri", Nobody, "--model", "m/1", "--predictions", missing], CliErrors.Usage },
            { ["drift", "--reference", missing, "--current", missing], CliErrors.Usage },
            { ["train", "--trainer", "logistic", "--data", missing, "--label", "y", "--out", missing + ".onnx"], CliErrors.Usage },
            { ["deployments", "show", "x", "--tracking-uri", Nobody], CliErrors.Failed },
            { ["models", "list", "--tracking-uri", Nobody], CliErrors.Failed },
            { ["experiments", "list", "--tracking-uri", "ftp://nowhere"], CliErrors.Failed },
            { ["pipelines", "validate", missing], CliErrors.Usage },
            { ["demo", "--requests", "5", "--dir", Path.Combine(Path.GetTempPath(), $"crucible-demo-none-{Guid.NewGuid():N}")], CliErrors.Usage },
            { ["server", "--capture-sample-rate", "5"], CliErrors.Usage },
            { ["serve", "--refresh-seconds", "0"], CliErrors.Usage },
        };
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Every_command_reports_errors_the_same_way(string[] args, int exitCode)
    {
        var result = await Cli.RunAsync(args);

        Assert.True(result.ExitCode == exitCode, $"{string.Join(' ', args)}: exit {result.ExitCode}, stderr: {result.Error}");
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.True(line.StartsWith("error: ", StringComparison.Ordinal) && !line.StartsWith("error: error", StringComparison.Ordinal), line));
        Assert.DoesNotContain("crucible evaluate:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_line_has_one_prefix_and_one_line()
    {
        Assert.Equal("error: cannot read x.csv", CliErrors.Line("Error: cannot read\nx.csv"));
        Assert.Equal("error: bad", CliErrors.Line("error: error: bad"));
    }
}
