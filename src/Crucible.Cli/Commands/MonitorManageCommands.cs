using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Monitoring;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible monitor show|delete|enable|disable ID</c>: one monitor at a time.</summary>
internal static class MonitorManageCommands
{
    private static MonitoringJsonContext Json => MonitoringJsonContext.Default;

    public static Command Show() => OnOne("show", "Show one monitor: its rule, reference, window and webhook. With --json, writes {\"monitor\": {...}}.", (client, id, ct) => client.GetMonitorAsync(id, ct));

    public static Command Enable(bool enabled) => OnOne(
        enabled ? "enable" : "disable",
        enabled ? "Turn a monitor on: the server's loop evaluates it again." : "Turn a monitor off: the server's loop skips it (on-demand runs still work).",
        (client, id, ct) => client.SetMonitorEnabledAsync(id, enabled, ct));

    public static Command Delete()
    {
        var options = new ClientOptions();
        var id = new Argument<string>("ID") { Description = "The monitor's id." };
        var command = new Command("delete", "Delete a monitor with its alerts and retraining signals.") { id };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var monitor = parse.GetValue(id)!;
            await context.Client.DeleteMonitorAsync(monitor, context.CancellationToken);
            if (context.Json)
            {
                await context.Output.WriteLineAsync("{}");
            }
            else
            {
                context.Console.WriteLine($"Deleted monitor {monitor}.");
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command OnOne(string name, string description, Func<Client.CrucibleClient, string, CancellationToken, Task<MonitorDto>> call)
    {
        var options = new ClientOptions();
        var id = new Argument<string>("ID") { Description = "The monitor's id." };
        var command = new Command(name, description) { id };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var monitor = await call(context.Client, parse.GetValue(id)!, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new MonitorResponse(monitor), Json.MonitorResponse);
            }
            else
            {
                MonitorTables.Write(context.Console, [monitor]);
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
