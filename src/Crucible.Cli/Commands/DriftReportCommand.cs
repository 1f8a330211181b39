using System.CommandLine;
using Crucible.Cli.Rendering;
using System.Globalization;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible drift-report DEPLOYMENT --start T --end T --reference-start T --reference-end T --out FILE</c>: drift over
/// time of a deployment's served traffic, as the server's self-contained HTML page. Exit code 2 for bad arguments
/// (refused before any request), 1 when the server refuses.
/// </summary>
internal static class DriftReportCommand
{
    public static Command Create()
    {
        var options = new ClientOptions();
        var deployment = new Argument<string>("DEPLOYMENT") { Description = "The deployment whose traffic is reported." };
        var start = new Option<string>("--start") { Description = "Start of the range: ISO 8601 or epoch milliseconds.", Required = true };
        var end = new Option<string>("--end") { Description = "End (exclusive) of the range: ISO 8601 or epoch milliseconds.", Required = true };
        var referenceStart = new Option<string>("--reference-start") { Description = "Start of the reference window: ISO 8601 or epoch milliseconds.", Required = true };
        var referenceEnd = new Option<string>("--reference-end") { Description = "End (exclusive) of the reference window: ISO 8601 or epoch milliseconds.", Required = true };
        var windowMinutes = new Option<int?>("--window-minutes") { Description = "Window length in minutes (default 60)." };
        var output = new Option<string>("--out") { Description = "Where to write the HTML report.", Required = true };
        var command = new Command("drift-report", "Write an HTML report of a deployment's drift over time: drifted share per window and the latest window's distributions.")
        {
            deployment, start, end, referenceStart, referenceEnd, windowMinutes, output,
        };
        command.Options.Add(options.TrackingUri);
        command.SetAction(async (parse, cancellationToken) =>
        {
            long s, e, rs, re;
            try
            {
                s = Time(parse, start);
                e = Time(parse, end);
                rs = Time(parse, referenceStart);
                re = Time(parse, referenceEnd);
                if (parse.GetValue(windowMinutes) is <= 0)
                {
                    throw new DeploymentUsageException("--window-minutes must be a positive number of minutes.");
                }
            }
            catch (DeploymentUsageException error)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, error.Message, CliErrors.Usage);
            }

            return await options.RunAsync(
                parse,
                async context =>
                {
                    long? windowMs = parse.GetValue(windowMinutes) is { } minutes ? minutes * 60_000L : null;
                    string html = await context.Client.GetDriftReportAsync(parse.GetValue(deployment)!, s, e, rs, re, windowMs, context.CancellationToken);
                    string path = parse.GetValue(output)!;
                    await File.WriteAllTextAsync(path, html, context.CancellationToken);
                    await context.Output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {path} ({html.Length:N0} characters)."));
                    return 0;
                },
                cancellationToken);
        });
        return command;
    }

    private static long Time(ParseResult parse, Option<string> option) =>
        DeploymentArguments.ParseTime(option.Name, parse.GetValue(option)) ?? throw new DeploymentUsageException($"{option.Name} is required.");
}
