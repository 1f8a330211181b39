using System.CommandLine;

namespace Crucible.Cli.Commands;

/// <summary>The root <c>crucible</c> command: one subcommand per area.</summary>
internal static class CrucibleCommand
{
    /// <summary>Parses and runs <paramref name="args"/>; errors of any command follow <see cref="Rendering.CliErrors"/>.</summary>
    public static Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null) =>
        Rendering.CliErrors.InvokeAsync(Create().Parse(args), configuration ?? new InvocationConfiguration());

    public static RootCommand Create()
    {
        var root = new RootCommand("Crucible: track, register, evaluate, serve and monitor ML models.");
        root.Subcommands.Add(ServerCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ExperimentsCommand.Create());
        root.Subcommands.Add(RunsCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(DriftCommand.Create());
        root.Subcommands.Add(ProfileCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(DeploymentsCommand.Create());
        root.Subcommands.Add(PipelinesCommand.Create());
        root.Subcommands.Add(MonitorCommand.Create());
        root.Subcommands.Add(MonitorCommand.Alerts());
        root.Subcommands.Add(Demo.DemoCommand.Create());
        root.Subcommands.Add(PerformanceCommand.Create());
        root.Subcommands.Add(DriftReportCommand.Create());
        root.Subcommands.Add(SignalsCommand.Create());
        root.Subcommands.Add(AccountsCommand.Login());
        root.Subcommands.Add(AccountsCommand.Tokens());
        root.Subcommands.Add(AccountsCommand.Users());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(OptimizeCommand.Create());
        root.Subcommands.Add(ProfileModelCommand.Create());
        root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(CardCommand.Create());
        return root;
    }
}
