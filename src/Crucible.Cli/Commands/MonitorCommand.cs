using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Monitoring;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible monitor create|list|run</c> (and <see cref="MonitorManageCommands"/>' show|delete|enable|disable) and
/// <c>crucible alerts list</c>: monitors of served traffic and their alerts, tables by default and the API's JSON with
/// <c>--json</c>. Bad times are refused before any request, with exit code 2.
/// </summary>
internal static class MonitorCommand
{
    private static MonitoringJsonContext Json => MonitoringJsonContext.Default;

    public static Command Create() => new("monitor", "Watch a deployment's served traffic against a reference window by a rule, with alerts, webhooks and retraining signals.")
    {
        CreateMonitor(), List(), Run(), MonitorManageCommands.Show(), MonitorManageCommands.Delete(), MonitorManageCommands.Enable(true), MonitorManageCommands.Enable(false),
    };

    public static Command Alerts() => new("alerts", "Alerts raised by monitors.") { ListAlerts() };

    private static Command CreateMonitor()
    {
        var options = new ClientOptions();
        var deployment = new Argument<string>("DEPLOYMENT") { Description = "The deployment whose traffic is watched." };
        var referenceStart = new Option<string>("--reference-start") { Description = "Start of the reference window: ISO 8601 or epoch milliseconds (or give --reference-dataset)." };
        var referenceEnd = new Option<string>("--reference-end") { Description = "End (exclusive) of the reference window: ISO 8601 or epoch milliseconds." };
        var referenceDataset = new Option<string?>("--reference-dataset") { Description = "Compare with a registered dataset version NAME@VERSION instead of a reference window." };
        var windowMinutes = new Option<int?>("--window-minutes") { Description = "Window length in minutes (default 60)." };
        var driftShare = new Option<double?>("--drift-share") { Description = "Share of drifted columns at which the dataset drifts (default 0.5)." };
        var stattest = new Option<string?>("--stattest") { Description = "Test for every column (ks, chisquare, z, wasserstein, jensenshannon, psi, hellinger, linf); default Evidently's rule." };
        var threshold = new Option<double?>("--threshold") { Description = "Drift rules: per-column threshold of the test (default the test's own). data_quality: share (0.05); missing_spike: delta (0.1); traffic_drop: fraction (0.5); segment_shift: total variation (0.1)." };
        var rule = new Option<string?>("--rule") { Description = "drift_share (default), column_drift, prediction_drift, performance, data_quality, missing_spike, traffic_drop or segment_shift." };
        rule.AcceptOnlyFromAmong([.. Core.Monitoring.MonitorRules.All]);
        var column = new Option<string?>("--column") { Description = "The column of column_drift (required) or missing_spike (default: every column)." };
        var metric = new Option<string?>("--metric") { Description = "The metric of performance, e.g. accuracy." };
        var minValue = new Option<double?>("--min-value") { Description = "performance also alerts when the metric is below this." };
        var retrain = new Option<bool>("--retrain") { Description = "Raise a retraining signal when the monitor's alert fires." };
        var webhook = new Option<string?>("--webhook-url") { Description = "POST firing alerts here." };
        var secret = new Option<string?>("--webhook-secret") { Description = "Sign webhook bodies: X-Crucible-Signature: sha256=<HMAC-SHA256>." };
        var command = new Command("create", "Create a monitor. With --json, writes {\"monitor\": {...}}.")
        {
            deployment, referenceStart, referenceEnd, windowMinutes, driftShare, stattest, threshold, webhook, secret, rule, column, metric, minValue, retrain,
            referenceDataset,
        };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse,
            options,
            () => new MonitorRequest
            {
                Deployment = parse.GetValue(deployment),
                ReferenceStart = DeploymentArguments.ParseTime("--reference-start", parse.GetValue(referenceStart)),
                ReferenceEnd = DeploymentArguments.ParseTime("--reference-end", parse.GetValue(referenceEnd)),
                WindowMs = parse.GetValue(windowMinutes) is { } minutes ? minutes * 60_000L : null,
                DriftShare = parse.GetValue(driftShare),
                Stattest = parse.GetValue(stattest),
                Threshold = parse.GetValue(threshold),
                WebhookUrl = parse.GetValue(webhook),
                WebhookSecret = parse.GetValue(secret),
                Rule = parse.GetValue(rule),
                Column = parse.GetValue(column),
                Metric = parse.GetValue(metric),
                MinValue = parse.GetValue(minValue),
                Retrain = parse.GetValue(retrain) ? true : null,
                ReferenceDataset = parse.GetValue(referenceDataset),
            },
            async (context, request) =>
            {
                var monitor = await context.Client.CreateMonitorAsync(request, context.CancellationToken);
                if (context.Json)
                {
                    await JsonOutput.WriteAsync(context.Output, new MonitorResponse(monitor), Json.MonitorResponse);
                }
                else
                {
                    MonitorTables.Write(context.Console, [monitor]);
                }

                return 0;
            },
            cancellationToken));
        return command;
    }

    private static Command List()
    {
        var options = new ClientOptions();
        var deployment = new Option<string?>("--deployment") { Description = "Only this deployment's monitors." };
        var command = new Command("list", "List monitors. With --json, writes {\"monitors\": [...]}.") { deployment };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var monitors = await context.Client.ListMonitorsAsync(parse.GetValue(deployment), context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new MonitorsResponse(monitors), Json.MonitorsResponse);
            }
            else
            {
                MonitorTables.Write(context.Console, monitors);
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Run()
    {
        var options = new ClientOptions();
        var id = new Argument<string>("ID") { Description = "The monitor's id." };
        var start = new Option<string>("--window-start") { Description = "Window start: ISO 8601 or epoch milliseconds.", Required = true };
        var end = new Option<string>("--window-end") { Description = "Window end (exclusive): ISO 8601 or epoch milliseconds.", Required = true };
        var command = new Command("run", "Evaluate a monitor over one window now: its rule's evidence (per-column drift for drift rules) and the alert, if any. Exit code 1 when the alert fires. With --json, writes the API's answer.")
        {
            id, start, end,
        };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse,
            options,
            () => (Start: DeploymentArguments.ParseTime("--window-start", parse.GetValue(start))!.Value, End: DeploymentArguments.ParseTime("--window-end", parse.GetValue(end))!.Value),
            async (context, window) =>
            {
                var run = await context.Client.RunMonitorAsync(parse.GetValue(id)!, window.Start, window.End, context.CancellationToken);
                if (context.Json)
                {
                    await JsonOutput.WriteAsync(context.Output, run, Json.RunMonitorResponse);
                }
                else
                {
                    MonitorTables.WriteRun(context.Console, run);
                }

                return run.Alert is { Status: "firing" } || run.DatasetDrift == true ? 1 : 0;
            },
            cancellationToken));
        return command;
    }

    private static Command ListAlerts()
    {
        var options = new ClientOptions();
        var deployment = new Option<string?>("--deployment") { Description = "Only this deployment's alerts." };
        var status = new Option<string?>("--status") { Description = "firing or resolved." };
        status.AcceptOnlyFromAmong("firing", "resolved");
        var command = new Command("list", "List alerts, newest window first. With --json, writes {\"alerts\": [...]}.") { deployment, status };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var alerts = await context.Client.ListAlertsAsync(parse.GetValue(deployment), parse.GetValue(status), null, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new AlertsResponse(alerts), Json.AlertsResponse);
            }
            else
            {
                MonitorTables.WriteAlerts(context.Console, alerts);
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync<T>(
        ParseResult parse, ClientOptions options, Func<T> read, Func<ClientContext, T, Task<int>> action, CancellationToken cancellationToken)
    {
        T arguments;
        try
        {
            arguments = read();
        }
        catch (DeploymentUsageException e)
        {
            return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, e.Message, CliErrors.Usage);
        }

        return await options.RunAsync(parse, context => action(context, arguments), cancellationToken);
    }
}
