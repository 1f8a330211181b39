using System.CommandLine;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Core.Errors;
using Crucible.Features.Definitions;
using Crucible.Features.Historical;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible features validate DIR | historical ... | apply DIR | list | show NAME</c>: the feature store. <c>validate</c>
/// and <c>historical</c> run without a server (like <c>crucible drift</c>); each definition problem prints as
/// <c>FILE:LINE:COLUMN: message</c> with exit code 1. <c>historical</c> writes a point-in-time correct training set
/// and, with <c>--register NAME</c>, registers it as a dataset version whose provenance names the views, the entity
/// frame and the join rule.
/// </summary>
internal static partial class FeaturesCommand
{
    public const int Invalid = 1;

    public static Command Create() => new("features", "The feature store: definitions, point-in-time historical retrieval, materialization and online features.")
    {
        Validate(), Historical(), Materialize(), Apply(), List(), Show(),
    };

    private static Command Validate()
    {
        var repo = new Argument<string>("DIR") { Description = "A folder of feature definition YAML files." };
        var command = new Command("validate", "Check a folder of feature definitions without a server: exit code 1 and FILE:LINE:COLUMN messages when invalid.") { repo };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dir = parse.GetValue(repo)!;
            if (await LoadAsync(dir, parse.InvocationConfiguration.Error) is not { } loaded)
            {
                return Invalid;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync(
                $"{dir}: {loaded.Entities.Count} entities, {loaded.Sources.Count} sources, {loaded.Views.Count} feature views, {loaded.Services.Count} feature services: valid.");
            return 0;
        });
        return command;
    }

    private static Command Historical()
    {
        var repo = new Option<string>("--repo") { Description = "The folder of definition files; path sources are relative to it.", Required = true };
        var entities = new Option<string>("--entities") { Description = "The entity frame (join keys + timestamps): a CSV / JSON Lines / Parquet file or a registered dataset NAME@VERSION.", Required = true };
        var features = new Option<string?>("--features") { Description = "VIEW:FEATURE,... to retrieve." };
        var service = new Option<string?>("--service") { Description = "A feature service whose features to retrieve (instead of --features)." };
        var outFile = new Option<string>("--out") { Description = "The CSV file to write.", Required = true };
        var timestamp = new Option<string>("--timestamp-column") { Description = "The entity frame's timestamp column.", DefaultValueFactory = _ => "event_timestamp" };
        var mode = new Option<string>("--mode") { Description = "auto (by source size), memory or out-of-core.", DefaultValueFactory = _ => "auto" };
        var memory = new Option<long>("--memory-mb") { Description = "Source size above which auto goes out of core.", DefaultValueFactory = _ => 256 };
        var register = new Option<string?>("--register") { Description = "Also register the output as a new version of this dataset on the server, with provenance." };
        var client = new ClientOptions();
        var command = new Command("historical", "Write a point-in-time correct training set: each entity row joined to every feature's latest value at or before its timestamp, within the view's ttl.")
        {
            repo, entities, features, service, outFile, timestamp, mode, memory, register,
        };
        client.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var dir = parse.GetValue(repo)!;
            if (await LoadAsync(dir, error) is not { } loaded)
            {
                return Invalid;
            }

            IReadOnlyList<FeatureRef> requested;
            JoinMode joinMode;
            try
            {
                requested = parse.GetValue(service) is { } name ? loaded.Service(name).Features
                    : FeatureRef.ParseList(parse.GetValue(features) ?? throw CrucibleException.Invalid("Give --features VIEW:FEATURE,... or --service NAME."));
                joinMode = parse.GetValue(mode) switch
                {
                    "auto" => JoinMode.Auto,
                    "memory" => JoinMode.InMemory,
                    "out-of-core" => JoinMode.OutOfCore,
                    var other => throw CrucibleException.Invalid($"Unknown --mode '{other}': expected auto, memory or out-of-core."),
                };
            }
            catch (CrucibleException e)
            {
                return await CliErrors.WriteAsync(error, e.Message, DataCommand.BadInput);
            }

            var datasetSources = requested.Select(r => loaded.SourceOf(loaded.View(r.View))).Where(s => s.Kind == SourceKind.Dataset).Distinct().ToList();
            var entityInput = parse.GetValue(entities)!;
            var outPath = Path.GetFullPath(parse.GetValue(outFile)!);
            HistoricalResult? result = null;
            var code = await RegisteredDatasetFiles.RunAsync(
                parse,
                client.TrackingUri,
                [entityInput, .. datasetSources.Select(s => s.Location)],
                error,
                DataCommand.BadInput,
                paths =>
                {
                    var local = datasetSources.Select((s, i) => (s.Name, Path: paths[i + 1]!)).ToDictionary(x => x.Name, x => x.Path, StringComparer.Ordinal);
                    try
                    {
                        result = HistoricalRetrieval.Run(new HistoricalRequest(loaded, Path.GetFullPath(dir), paths[0]!, requested, outPath)
                        {
                            TimestampColumn = parse.GetValue(timestamp)!,
                            Mode = joinMode,
                            MemoryBudgetBytes = parse.GetValue(memory) * 1024 * 1024,
                            ResolveSource = s => local.GetValueOrDefault(s.Name) ?? (s.Kind == SourceKind.Path ? Path.GetFullPath(Path.Combine(dir, s.Location)) : throw CrucibleException.Invalid($"Source '{s.Name}' is a PostgreSQL table; local retrieval reads files and registered datasets.")),
                        });
                        return 0;
                    }
                    catch (CrucibleException e)
                    {
                        return CliErrors.Write(error, e.Message, DataCommand.BadInput);
                    }
                },
                cancellationToken);
            if (result is null)
            {
                return code;
            }

            var output = parse.InvocationConfiguration.Output;
            await output.WriteLineAsync($"{outPath}: {result.Rows} rows, {result.Columns.Count} columns ({string.Join(", ", requested)}); {(result.Mode == JoinMode.InMemory ? "in memory" : $"out of core, {result.Partitions} partitions")}, {result.Elapsed.TotalSeconds:0.###} s.");
            if (parse.GetValue(register) is not { } datasetName)
            {
                return 0;
            }

            return await client.RunAsync(
                parse,
                async context =>
                {
                    var views = string.Join(", ", requested.Select(r => r.View).Distinct());
                    IReadOnlyList<string> parents = [.. (RegisteredDatasetFiles.IsReference(entityInput) ? [entityInput] : Array.Empty<string>()), .. datasetSources.Select(s => s.Location)];
                    var registered = await context.Client.RegisterDatasetFileAsync(
                        datasetName,
                        outPath,
                        new DatasetRegistrationOptions(
                            Format: "csv",
                            Source: new Uri(outPath).AbsoluteUri,
                            Description: $"Point-in-time training set: {string.Join(", ", requested)} for the entity frame {entityInput}.",
                            Parents: parents,
                            Transform: $"features historical; views: {views}; entities: {entityInput}; rule: {HistoricalRetrieval.Rule}"),
                        cancellationToken: context.CancellationToken);
                    await context.Output.WriteLineAsync($"Registered {registered.DatasetVersion.Name}@{registered.DatasetVersion.Version}.");
                    return 0;
                },
                cancellationToken);
        });
        return command;
    }

    /// <summary>Reads a definition folder; problems go to <paramref name="error"/> as FILE:LINE:COLUMN lines and give null.</summary>
    private static async Task<FeatureRepo?> LoadAsync(string dir, TextWriter error)
    {
        try
        {
            return FeatureRepoParser.ParseFolder(dir);
        }
        catch (FeatureSpecException e)
        {
            foreach (var problem in e.Errors)
            {
                await error.WriteLineAsync(CliErrors.Line($"{Path.Combine(dir, problem.File)}:{problem.Line}:{problem.Column}: {problem.Message}"));
            }

            return null;
        }
        catch (CrucibleException e)
        {
            await error.WriteLineAsync(CliErrors.Line(e.Message));
            return null;
        }
    }
}
