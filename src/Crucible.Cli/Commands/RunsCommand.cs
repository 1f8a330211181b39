using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible runs list|show</c>: runs on a tracking server.</summary>
internal static class RunsCommand
{
    public static Command Create() => new("runs", "List and inspect runs on a tracking server.") { List(), Show() };

    private static Command List()
    {
        var options = new ClientOptions();
        var ids = new Option<string[]>("--experiment-id") { Description = "An experiment to search, by ID; repeat for more." };
        var names = new Option<string[]>("--experiment-name") { Description = "An experiment to search, by name; repeat for more." };
        var filter = new Option<string?>("--filter") { Description = "MLflow search filter, e.g. \"metrics.rmse < 0.5 and params.model = 'x'\"." };
        var orderBy = new Option<string[]>("--order-by") { Description = "Sort clause such as \"metrics.rmse DESC\"; repeat for more (default: newest first)." };
        var view = ListOptions.View();
        var max = ListOptions.Max("runs");
        var command = new Command(
            "list",
            "List runs of one or more experiments. With --json, writes {\"runs\": [...]} in the shape of MLflow's runs/search response, all pages merged.")
        {
            ids, names, filter, orderBy, view, max,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(ids) ?? []).Length == 0 && (result.GetValue(names) ?? []).Length == 0)
            {
                result.AddError("Name the experiments to search with --experiment-id or --experiment-name.");
            }
        });
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var experimentIds = (parse.GetValue(ids) ?? []).ToList();
            foreach (var name in parse.GetValue(names) ?? [])
            {
                experimentIds.Add((await context.Client.GetExperimentByNameAsync(name, context.CancellationToken)).ExperimentId);
            }

            var order = parse.GetValue(orderBy) ?? [];
            var limit = parse.GetValue(max);
            var search = context.Client.SearchAllRunsAsync(
                experimentIds.Distinct(StringComparer.Ordinal),
                parse.GetValue(filter),
                order.Length == 0 ? null : order,
                ListOptions.ParseView(parse.GetValue(view)),
                ListOptions.PageSize(limit),
                context.CancellationToken);
            var runs = await ListOptions.Take(search, limit, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new SearchRunsResponse(runs, null), MlflowJsonContext.Wire.SearchRunsResponse);
            }
            else
            {
                RunTables.Write(context.Console, runs, order);
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Show()
    {
        var options = new ClientOptions();
        var runId = new Argument<string>("RUN_ID") { Description = "The run to show." };
        var command = new Command("show", "Show one run: its info, latest metrics, params, tags and datasets. With --json, writes MLflow's runs/get response: {\"run\": {...}}.")
        {
            runId,
        };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var run = await context.Client.GetRunAsync(parse.GetValue(runId)!, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new RunResponse(run), MlflowJsonContext.Wire.RunResponse);
            }
            else
            {
                RunDetails.Write(context.Console, run);
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
