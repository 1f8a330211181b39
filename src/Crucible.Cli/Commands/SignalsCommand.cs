using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Monitoring;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible signals list</c>: retraining signals raised by monitors with <c>--retrain</c>.</summary>
internal static class SignalsCommand
{
    public static Command Create() => new("signals", "Retraining signals raised by monitors' alerts.") { List() };

    private static Command List()
    {
        var options = new ClientOptions();
        var deployment = new Option<string?>("--deployment") { Description = "Only this deployment's signals." };
        var max = new Option<int?>("--max") { Description = "At most this many (default 100)." };
        var command = new Command("list", "List retraining signals, newest first. With --json, writes {\"signals\": [...]}.") { deployment, max };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var signals = await context.Client.ListRetrainingSignalsAsync(parse.GetValue(deployment), parse.GetValue(max), context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new RetrainingSignalsResponse(signals), MonitoringJsonContext.Default.RetrainingSignalsResponse);
            }
            else
            {
                MonitorTables.WriteSignals(context.Console, signals);
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
