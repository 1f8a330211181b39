using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Contracts.Monitoring;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible performance DEPLOYMENT</c>: realized metrics (from posted labels) and CBPE estimates per window, a table
/// by default and the API's JSON with <c>--json</c>. Exit code 1 when a metric of any window is outside its band; bad
/// times are refused before any request, with exit code 2.
/// </summary>
internal static class PerformanceCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var deployment = new Argument<string>("DEPLOYMENT") { Description = "The deployment whose model quality is shown." };
        var since = new Option<string?>("--since") { Description = "First window start: ISO 8601 or epoch milliseconds (default: 24 windows back)." };
        var until = new Option<string?>("--until") { Description = "End of the last window (exclusive): ISO 8601 or epoch milliseconds (default: now)." };
        var window = new Option<int?>("--window-minutes", "--window") { Description = "Window length in minutes (default: the deployment's monitor's, else 60)." };
        var referenceStart = new Option<string?>("--reference-start") { Description = "Reference window start (default: the deployment's monitor's reference)." };
        var referenceEnd = new Option<string?>("--reference-end") { Description = "Reference window end (exclusive)." };
        var scoreOutput = new Option<string?>("--score-output") { Description = "The output holding the score (default: the first float output; [N, 2] reads column 1 as P(class 1))." };
        var task = new Option<string?>("--task") { Description = "classification or regression (default: detected from the reference)." };
        task.AcceptOnlyFromAmong("classification", "regression");
        var command = new Command("performance", "Realized (labelled) and estimated (CBPE) model performance per window, with sampling errors and alert bands. Exit code 1 when a metric alerts. With --json, writes the API's answer.")
        {
            deployment, since, until, window, referenceStart, referenceEnd, scoreOutput, task,
        };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => MonitorCommand.RunAsync(
            parse,
            options,
            () => new PerformanceQueryOptions(
                DeploymentArguments.ParseTime("--since", parse.GetValue(since)),
                DeploymentArguments.ParseTime("--until", parse.GetValue(until)),
                parse.GetValue(window) is { } minutes ? minutes * 60_000L : null,
                DeploymentArguments.ParseTime("--reference-start", parse.GetValue(referenceStart)),
                DeploymentArguments.ParseTime("--reference-end", parse.GetValue(referenceEnd)),
                parse.GetValue(scoreOutput),
                parse.GetValue(task)),
            async (context, query) =>
            {
                var performance = await context.Client.GetPerformanceAsync(parse.GetValue(deployment)!, query, context.CancellationToken);
                if (context.Json)
                {
                    await JsonOutput.WriteAsync(context.Output, performance, PerformanceJsonContext.Default.PerformanceResponse);
                }
                else
                {
                    PerformanceTables.Write(context.Console, performance);
                }

                return performance.Windows.Any(w => w.Realized.Concat(w.Estimated).Any(m => m.Alert)) ? 1 : 0;
            },
            cancellationToken));
        return command;
    }
}
