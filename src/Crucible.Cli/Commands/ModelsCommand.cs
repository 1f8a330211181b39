using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Mlflow;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible models register|list|show|versions|alias|download|lineage</c>: the model registry from the command
/// line, tables by default and the API's JSON with <c>--json</c>.
/// </summary>
internal static partial class ModelsCommand
{
    private static MlflowJsonContext Json => MlflowJsonContext.Wire;

    public static Command Create() => new("models", "Register ONNX models, list and inspect versions, move aliases, download verified files and trace lineage.")
    {
        Register(), List(), Show(), Versions(), Alias(), Download(), Lineage(),
    };

    private static Command List()
    {
        var options = new ClientOptions();
        var filter = new Option<string?>("--filter") { Description = "MLflow filter, e.g. \"name LIKE 'churn%'\" or \"tags.team = 'ml'\"." };
        var max = new Option<int>("--max") { Description = "Most models to list.", DefaultValueFactory = _ => 100 };
        var command = options.Add(new Command("list", "List registered models (MLflow's registered-models/search).") { filter, max });
        options.SetAction(command, async (parse, context) =>
        {
            var filterText = parse.GetValue(filter) is { Length: > 0 } f ? f : null;
            var page = await context.Client.SearchRegisteredModelsAsync(filterText, maxResults: Math.Clamp(parse.GetValue(max), 1, 1000), cancellationToken: context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, page, Json.SearchRegisteredModelsResponse);
                return 0;
            }

            var table = ModelsTables.Create("NAME", "LATEST", "ALIASES", "UPDATED", "DESCRIPTION");
            foreach (var m in page.RegisteredModels ?? [])
            {
                table.AddRow(ModelsTables.Cells(
                    m.Name,
                    string.Join(", ", (m.LatestVersions ?? []).Select(v => $"v{v.Version} ({v.CurrentStage})")),
                    string.Join(", ", (m.Aliases ?? []).Select(a => $"{a.Alias}=v{a.Version}")),
                    ModelsTables.Time(m.LastUpdatedTimestamp),
                    m.Description));
            }

            context.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("NAME") { Description = "The registered model." };
        var command = options.Add(new Command("show", "Show a registered model with its tags, aliases and latest versions.") { name });
        options.SetAction(command, async (parse, context) =>
        {
            var model = await context.Client.GetRegisteredModelAsync(parse.GetValue(name)!, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new RegisteredModelResponse(model), Json.RegisteredModelResponse);
                return 0;
            }

            var details = ModelsTables.Create("FIELD", "VALUE");
            details.AddRow(ModelsTables.Cells("name", model.Name));
            details.AddRow(ModelsTables.Cells("description", model.Description));
            details.AddRow(ModelsTables.Cells("created", ModelsTables.Time(model.CreationTimestamp)));
            details.AddRow(ModelsTables.Cells("updated", ModelsTables.Time(model.LastUpdatedTimestamp)));
            foreach (var tag in model.Tags ?? [])
            {
                details.AddRow(ModelsTables.Cells("tag " + tag.Key, tag.Value));
            }

            foreach (var alias in model.Aliases ?? [])
            {
                details.AddRow(ModelsTables.Cells("alias " + alias.Alias, "v" + alias.Version));
            }

            var console = context.Console;
            console.Write(details);
            console.Write(ModelsTables.Versions(model.LatestVersions ?? []));
            return 0;
        });
        return command;
    }

    private static Command Versions()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("NAME") { Description = "The registered model." };
        var command = options.Add(new Command("versions", "List every version of a model, newest first.") { name });
        options.SetAction(command, async (parse, context) =>
        {
            var filter = $"name = '{parse.GetValue(name)!.Replace("'", "\\'", StringComparison.Ordinal)}'";
            var page = await context.Client.SearchModelVersionsAsync(filter, cancellationToken: context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, page, Json.SearchModelVersionsResponse);
            }
            else
            {
                context.Console.Write(ModelsTables.Versions(page.ModelVersions ?? []));
            }

            return 0;
        });
        return command;
    }

    private static Command Alias()
    {
        var set = new ClientOptions();
        var setName = new Argument<string>("NAME") { Description = "The registered model." };
        var setAlias = new Argument<string>("ALIAS") { Description = "The alias, e.g. champion." };
        var setVersion = new Argument<string>("VERSION") { Description = "The version the alias moves to (atomically)." };
        var setCommand = set.Add(new Command("set", "Point an alias at a version, moving it if it pointed elsewhere.") { setName, setAlias, setVersion });
        set.SetAction(setCommand, async (parse, context) =>
        {
            var (model, alias, version) = (parse.GetValue(setName)!, parse.GetValue(setAlias)!, parse.GetValue(setVersion)!);
            await context.Client.SetRegisteredModelAliasAsync(model, alias, version, context.CancellationToken);
            await Done(context, $"Alias '{alias}' of '{model}' now points to version {version}.");
            return 0;
        });

        var delete = new ClientOptions();
        var deleteName = new Argument<string>("NAME") { Description = "The registered model." };
        var deleteAlias = new Argument<string>("ALIAS") { Description = "The alias to delete." };
        var deleteCommand = delete.Add(new Command("delete", "Delete an alias.") { deleteName, deleteAlias });
        delete.SetAction(deleteCommand, async (parse, context) =>
        {
            var (model, alias) = (parse.GetValue(deleteName)!, parse.GetValue(deleteAlias)!);
            await context.Client.DeleteRegisteredModelAliasAsync(model, alias, context.CancellationToken);
            await Done(context, $"Deleted alias '{alias}' of '{model}'.");
            return 0;
        });

        return new Command("alias", "Set or delete a model alias.") { setCommand, deleteCommand };
    }

    private static async Task Done(ClientContext context, string message)
    {
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Output, Empty.Instance, Json.Empty);
        }
        else
        {
            await context.Output.WriteLineAsync(message);
        }
    }
}
