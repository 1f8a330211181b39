using System.CommandLine;
using Crucible.Contracts.Mlflow;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible models register|list|show|versions|alias|download|lineage</c>: the model registry from the command
/// line, tables by default and the API's JSON with <c>--json</c>.
/// </summary>
internal static partial class ModelsCommand
{
    private static MlflowJsonContext Json => ModelsHttp.Contracts;

    public static Command Create() => new("models", "Register ONNX models, list and inspect versions, move aliases, download verified files and trace lineage.")
    {
        Register(), List(), Show(), Versions(), Alias(), Download(), Lineage(),
    };

    private static Command List()
    {
        var options = new ModelsOptions();
        var filter = new Option<string?>("--filter") { Description = "MLflow filter, e.g. \"name LIKE 'churn%'\" or \"tags.team = 'ml'\"." };
        var max = new Option<int>("--max") { Description = "Most models to list.", DefaultValueFactory = _ => 100 };
        var command = options.Add(new Command("list", "List registered models (MLflow's registered-models/search).") { filter, max });
        options.SetAction(command, async (parse, http) =>
        {
            var query = $"{ModelsHttp.Mlflow}registered-models/search?max_results={Math.Clamp(parse.GetValue(max), 1, 1000)}";
            if (parse.GetValue(filter) is { Length: > 0 } f)
            {
                query += "&filter=" + ModelsHttp.Query(f);
            }

            var page = await http.GetAsync(query, Json.SearchRegisteredModelsResponse);
            if (http.Json)
            {
                await http.WriteJsonAsync(page, Json.SearchRegisteredModelsResponse);
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

            http.Console().Write(table);
            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var options = new ModelsOptions();
        var name = new Argument<string>("NAME") { Description = "The registered model." };
        var command = options.Add(new Command("show", "Show a registered model with its tags, aliases and latest versions.") { name });
        options.SetAction(command, async (parse, http) =>
        {
            var model = (await http.GetAsync($"{ModelsHttp.Mlflow}registered-models/get?name={ModelsHttp.Query(parse.GetValue(name)!)}", Json.RegisteredModelResponse)).RegisteredModel;
            if (http.Json)
            {
                await http.WriteJsonAsync(new RegisteredModelResponse(model), Json.RegisteredModelResponse);
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

            var console = http.Console();
            console.Write(details);
            console.Write(ModelsTables.Versions(model.LatestVersions ?? []));
            return 0;
        });
        return command;
    }

    private static Command Versions()
    {
        var options = new ModelsOptions();
        var name = new Argument<string>("NAME") { Description = "The registered model." };
        var command = options.Add(new Command("versions", "List every version of a model, newest first.") { name });
        options.SetAction(command, async (parse, http) =>
        {
            var filter = ModelsHttp.Query($"name = '{parse.GetValue(name)!.Replace("'", "\\'", StringComparison.Ordinal)}'");
            var page = await http.GetAsync($"{ModelsHttp.Mlflow}model-versions/search?filter={filter}", Json.SearchModelVersionsResponse);
            if (http.Json)
            {
                await http.WriteJsonAsync(page, Json.SearchModelVersionsResponse);
            }
            else
            {
                http.Console().Write(ModelsTables.Versions(page.ModelVersions ?? []));
            }

            return 0;
        });
        return command;
    }

    private static Command Alias()
    {
        var set = new ModelsOptions();
        var setName = new Argument<string>("NAME") { Description = "The registered model." };
        var setAlias = new Argument<string>("ALIAS") { Description = "The alias, e.g. champion." };
        var setVersion = new Argument<string>("VERSION") { Description = "The version the alias moves to (atomically)." };
        var setCommand = set.Add(new Command("set", "Point an alias at a version, moving it if it pointed elsewhere.") { setName, setAlias, setVersion });
        set.SetAction(setCommand, async (parse, http) =>
        {
            var body = new SetRegisteredModelAliasRequest(parse.GetValue(setName), parse.GetValue(setAlias), parse.GetValue(setVersion));
            await http.SendAsync(HttpMethod.Post, $"{ModelsHttp.Mlflow}registered-models/alias", body, Json.SetRegisteredModelAliasRequest, Json.Empty);
            await Done(http, $"Alias '{body.Alias}' of '{body.Name}' now points to version {body.Version}.");
            return 0;
        });

        var delete = new ModelsOptions();
        var deleteName = new Argument<string>("NAME") { Description = "The registered model." };
        var deleteAlias = new Argument<string>("ALIAS") { Description = "The alias to delete." };
        var deleteCommand = delete.Add(new Command("delete", "Delete an alias.") { deleteName, deleteAlias });
        delete.SetAction(deleteCommand, async (parse, http) =>
        {
            var body = new RegisteredModelAliasRequest(parse.GetValue(deleteName), parse.GetValue(deleteAlias));
            await http.SendAsync(HttpMethod.Delete, $"{ModelsHttp.Mlflow}registered-models/alias", body, Json.RegisteredModelAliasRequest, Json.Empty);
            await Done(http, $"Deleted alias '{body.Alias}' of '{body.Name}'.");
            return 0;
        });

        return new Command("alias", "Set or delete a model alias.") { setCommand, deleteCommand };
    }

    private static async Task Done(ModelsHttp http, string message)
    {
        if (http.Json)
        {
            await http.WriteJsonAsync(Empty.Instance, Json.Empty);
        }
        else
        {
            await http.Output.WriteLineAsync(message);
        }
    }
}
