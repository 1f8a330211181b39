using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible experiments list|create</c>: experiments on a tracking server.</summary>
internal static class ExperimentsCommand
{
    public static Command Create() => new("experiments", "List and create experiments on a tracking server.") { List(), CreateExperiment() };

    private static Command List()
    {
        var options = new ClientOptions();
        var view = ListOptions.View();
        var max = ListOptions.Max("experiments");
        var command = new Command(
            "list",
            "List experiments. With --json, writes {\"experiments\": [...]} in the shape of MLflow's experiments/search response, all pages merged.")
        {
            view, max,
        };
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var limit = parse.GetValue(max);
            var search = context.Client.SearchAllExperimentsAsync(
                viewType: ListOptions.ParseView(parse.GetValue(view)), pageSize: ListOptions.PageSize(limit), cancellationToken: context.CancellationToken);
            var experiments = await ListOptions.Take(search, limit, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new SearchExperimentsResponse(experiments, null), MlflowJsonContext.Wire.SearchExperimentsResponse);
            }
            else
            {
                ExperimentTables.Write(context.Console, experiments);
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command CreateExperiment()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("NAME") { Description = "The new experiment's name (unique on the server)." };
        var location = new Option<string?>("--artifact-location") { Description = "Where the experiment's artifacts go (the server's default root when absent)." };
        var tags = new Option<string[]>("--tag") { Description = "A tag as key=value; repeat for more.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("create", "Create an experiment. With --json, writes MLflow's experiments/create response: {\"experiment_id\": \"...\"}.")
        {
            name, location, tags,
        };
        command.Validators.Add(result =>
        {
            foreach (var tag in result.GetValue(tags) ?? [])
            {
                if (KeyValues.Parse(tag) is null)
                {
                    result.AddError($"Invalid --tag '{tag}': expected key=value with a non-empty key.");
                }
            }
        });
        options.AddTo(command);
        command.SetAction((parse, cancellationToken) => options.RunAsync(parse, async context =>
        {
            var experimentName = parse.GetValue(name)!;
            var tagList = (parse.GetValue(tags) ?? []).Select(t => KeyValues.Parse(t)!).ToList();
            var id = await context.Client.CreateExperimentAsync(experimentName, parse.GetValue(location), tagList, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new CreateExperimentResponse(id), MlflowJsonContext.Wire.CreateExperimentResponse);
            }
            else
            {
                await context.Output.WriteLineAsync($"Created experiment '{experimentName}' with ID {id}.");
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
