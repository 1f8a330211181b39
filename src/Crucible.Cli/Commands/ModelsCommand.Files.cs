using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Crucible.Cli.Rendering;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible models download</c> (checksums verified by the server and again here) and <c>crucible models lineage</c>.</summary>
internal static partial class ModelsCommand
{
    private static Command Download()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("NAME") { Description = "The registered model." };
        var version = new Argument<string?>("VERSION") { Description = "The version (or use --alias).", Arity = ArgumentArity.ZeroOrOne };
        var alias = new Option<string?>("--alias") { Description = "Download the version an alias points to." };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write the package into.", DefaultValueFactory = _ => "." };
        var command = options.Add(new Command("download", "Download a version's package; every file is checked against the SHA-256 recorded at registration.")
        {
            name, version, alias, output,
        });
        options.SetAction(command, async (parse, context) =>
        {
            var model = parse.GetValue(name)!;
            var number = await ResolveVersionAsync(context, model, parse.GetValue(version), parse.GetValue(alias));
            var package = await context.Client.GetModelPackageAsync(model, number, context.CancellationToken);
            if (package.Files is not { Count: > 0 } files)
            {
                throw new CommandFailedException($"version {number} of '{model}' has no recorded package files; its source is {package.Source}.");
            }

            var folder = Path.GetFullPath(parse.GetValue(output)!);
            foreach (var file in files)
            {
                var target = Path.GetFullPath(Path.Combine(folder, file.Path));
                if (!target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new CommandFailedException($"refusing to write '{file.Path}' outside {folder}.");
                }

                await DownloadVerifiedAsync(context, model, number, file, target);
            }

            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, package, Json.ModelPackageDto);
                return 0;
            }

            var table = ModelsTables.Create("FILE", "BYTES", "SHA-256");
            foreach (var file in files)
            {
                table.AddRow(ModelsTables.Cells(file.Path, file.Size.ToString(CultureInfo.InvariantCulture), file.Sha256));
            }

            var console = context.Console;
            console.Write(table);
            console.WriteLine($"Downloaded '{model}' version {number} to {folder}; all checksums match.");
            return 0;
        });
        return command;
    }

    private static Command Lineage()
    {
        var options = new ClientOptions();
        var name = new Argument<string?>("NAME") { Description = "The registered model.", Arity = ArgumentArity.ZeroOrOne };
        var version = new Argument<string?>("VERSION") { Description = "The version.", Arity = ArgumentArity.ZeroOrOne };
        var dataset = new Option<string?>("--dataset") { Description = "Instead: list the versions trained on this dataset." };
        var digest = new Option<string?>("--digest") { Description = "With --dataset: only this digest of it." };
        var command = options.Add(new Command("lineage", "Where a version came from (run, params, metrics, datasets), or which versions a dataset trained.")
        {
            name, version, dataset, digest,
        });
        options.SetAction(command, async (parse, context) =>
        {
            if (parse.GetValue(dataset) is { Length: > 0 } datasetName)
            {
                var trained = await context.Client.ListModelVersionsTrainedOnAsync(datasetName, parse.GetValue(digest) is { Length: > 0 } d ? d : null, context.CancellationToken);
                if (context.Json)
                {
                    await JsonOutput.WriteAsync(context.Output, trained, Json.DatasetModelVersionsDto);
                }
                else
                {
                    context.Console.Write(ModelsTables.Versions(trained.ModelVersions));
                }

                return 0;
            }

            var model = parse.GetValue(name) ?? throw new CommandFailedException("give NAME and VERSION, or --dataset.");
            var number = parse.GetValue(version) ?? throw new CommandFailedException("give the VERSION of the model.");
            var lineage = await context.Client.GetModelLineageAsync(model, number, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, lineage, Json.ModelLineageDto);
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

            context.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static async Task<string> ResolveVersionAsync(ClientContext context, string model, string? version, string? alias)
    {
        if (alias is { Length: > 0 })
        {
            return (await context.Client.GetModelVersionByAliasAsync(model, alias, context.CancellationToken)).Version;
        }

        return version ?? throw new CommandFailedException("give a VERSION or --alias.");
    }

    /// <summary>
    /// Streams one package file to a temporary file beside <paramref name="target"/>, checks its SHA-256 against the recorded one,
    /// and only then moves it into place: a mismatch or a failed transfer leaves nothing behind.
    /// </summary>
    private static async Task DownloadVerifiedAsync(ClientContext context, string model, string version, Contracts.Mlflow.PackageFileDto file, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".part-" + Guid.NewGuid().ToString("N");
        try
        {
            string sha;
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                await context.Client.DownloadModelFileAsync(model, version, file.Path, stream, context.CancellationToken);
                stream.Position = 0;
                sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, context.CancellationToken));
            }

            if (sha != file.Sha256)
            {
                throw new CommandFailedException($"checksum mismatch for '{file.Path}': recorded {file.Sha256}, received {sha}.");
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
