using System.CommandLine;
using System.Reflection;

namespace Crucible.Monitoring.Tests.Cli;

/// <summary>Runs the real <c>crucible</c> root command in-process with captured output.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        Type type = Assembly.Load("crucible").GetType("Crucible.Cli.Commands.CrucibleCommand", throwOnError: true)!;
        var root = (RootCommand)type.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        var output = new StringWriter();
        var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
