using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible models download</c> (checksums verified by the server and again here) and <c>crucible models lineage</c>.</summary>
internal static partial class ModelsCommand
{
    private static Command Download()
    {
        var options = new ModelsOptions();
        var name = new Argument<string>("NAME") { Description = "The registered model." };
        var version = new Argument<string?>("VERSION") { Description = "The version (or use --alias).", Arity = ArgumentArity.ZeroOrOne };
        var alias = new Option<string?>("--alias") { Description = "Download the version an alias points to." };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write the package into.", DefaultValueFactory = _ => "." };
        var command = options.Add(new Command("download", "Download a version's package; every file is checked against the SHA-256 recorded at registration.")
        {
            name, version, alias, output,
        });
        options.SetAction(command, async (parse, http) =>
        {
            var model = parse.GetValue(name)!;
            var number = await ResolveVersionAsync(http, model, parse.GetValue(version), parse.GetValue(alias));
            var package = await http.GetAsync($"{ModelsHttp.Native}models/{ModelsHttp.Query(model)}/versions/{ModelsHttp.Query(number)}/package", Json.ModelPackageDto);
            if (package.Files is not { Count: > 0 } files)
            {
                throw new ModelsCommandException($"version {number} of '{model}' has no recorded package files; its source is {package.Source}.");
            }

            var folder = Path.GetFullPath(parse.GetValue(output)!);
            foreach (var file in files)
            {
                var target = Path.GetFullPath(Path.Combine(folder, file.Path));
                if (!target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new ModelsCommandException($"refusing to write '{file.Path}' outside {folder}.");
                }

                var path = string.Join('/', file.Path.Split('/').Select(ModelsHttp.Query));
                var bytes = await http.SendAsync(HttpMethod.Get, $"{ModelsHttp.Native}models/{ModelsHttp.Query(model)}/versions/{ModelsHttp.Query(number)}/files/{path}", null);
                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (sha != file.Sha256)
                {
                    throw new ModelsCommandException($"checksum mismatch for '{file.Path}': recorded {file.Sha256}, received {sha}.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await File.WriteAllBytesAsync(target, bytes, http.CancellationToken);
            }

            if (http.Json)
            {
                await http.WriteJsonAsync(package, Json.ModelPackageDto);
                return 0;
            }

            var table = ModelsTables.Create("FILE", "BYTES", "SHA-256");
            foreach (var file in files)
            {
                table.AddRow(ModelsTables.Cells(file.Path, file.Size.ToString(CultureInfo.InvariantCulture), file.Sha256));
            }

            var console = http.Console();
            console.Write(table);
            console.WriteLine($"Downloaded '{model}' version {number} to {folder}; all checksums match.");
            return 0;
        });
        return command;
    }

    private static Command Lineage()
    {
        var options = new ModelsOptions();
        var name = new Argument<string?>("NAME") { Description = "The registered model.", Arity = ArgumentArity.ZeroOrOne };
        var version = new Argument<string?>("VERSION") { Description = "The version.", Arity = ArgumentArity.ZeroOrOne };
        var dataset = new Option<string?>("--dataset") { Description = "Instead: list the versions trained on this dataset." };
        var digest = new Option<string?>("--digest") { Description = "With --dataset: only this digest of it." };
        var command = options.Add(new Command("lineage", "Where a version came from (run, params, metrics, datasets), or which versions a dataset trained.")
        {
            name, version, dataset, digest,
        });
        options.SetAction(command, async (parse, http) =>
        {
            if (parse.GetValue(dataset) is { Length: > 0 } datasetName)
            {
                var query = parse.GetValue(digest) is { Length: > 0 } d ? "?digest=" + ModelsHttp.Query(d) : string.Empty;
                var trained = await http.GetAsync($"{ModelsHttp.Native}datasets/{ModelsHttp.Query(datasetName)}/model-versions{query}", Json.DatasetModelVersionsDto);
                if (http.Json)
                {
                    await http.WriteJsonAsync(trained, Json.DatasetModelVersionsDto);
                }
                else
                {
                    http.Console().Write(ModelsTables.Versions(trained.ModelVersions));
                }

                return 0;
            }

            var model = parse.GetValue(name) ?? throw new ModelsCommandException("give NAME and VERSION, or --dataset.");
            var number = parse.GetValue(version) ?? throw new ModelsCommandException("give the VERSION of the model.");
            var lineage = await http.GetAsync($"{ModelsHttp.Native}models/{ModelsHttp.Query(model)}/versions/{ModelsHttp.Query(number)}/lineage", Json.ModelLineageDto);
            if (http.Json)
            {
                await http.WriteJsonAsync(lineage, Json.ModelLineageDto);
                return 0;
            }

            var table = ModelsTables.Create("KIND", "NAME", "VALUE");
            table.AddRow(ModelsTables.Cells("version", model, number));
            table.AddRow(ModelsTables.Cells("run", lineage.RunName, lineage.RunId is null ? null : $"{lineage.RunId} (experiment {lineage.ExperimentId}, {lineage.RunStatus})"));
            foreach (var p in lineage.Params ?? [])
            {
                table.AddRow(ModelsTables.Cells("param", p.Key, p.Value));
            }

            foreach (var m in lineage.Metrics ?? [])
            {
                table.AddRow(ModelsTables.Cells("metric", m.Key, m.Value?.ToString("G6", CultureInfo.InvariantCulture)));
            }

            foreach (var d in lineage.Datasets ?? [])
            {
                table.AddRow(ModelsTables.Cells("dataset", d.Name, $"digest {d.Digest} from {d.Source}"));
            }

            http.Console().Write(table);
            return 0;
        });
        return command;
    }

    private static async Task<string> ResolveVersionAsync(ModelsHttp http, string model, string? version, string? alias)
    {
        if (alias is { Length: > 0 })
        {
            var byAlias = await http.GetAsync($"{ModelsHttp.Mlflow}registered-models/alias?name={ModelsHttp.Query(model)}&alias={ModelsHttp.Query(alias)}", Json.ModelVersionResponse);
            return byAlias.ModelVersion.Version;
        }

        return version ?? throw new ModelsCommandException("give a VERSION or --alias.");
    }
}
