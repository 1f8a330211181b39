using System.CommandLine;
using System.Globalization;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Features;
using Crucible.Features.Online;

namespace Crucible.Cli.Commands;

/// <summary><c>crucible features apply DIR | list | show NAME</c> against a server, and <c>materialize</c> into an online store.</summary>
internal static partial class FeaturesCommand
{
    private static FeaturesJsonContext Json => FeaturesJsonContext.Default;

    private static Command Apply()
    {
        var options = new ClientOptions();
        var repo = new Argument<string>("DIR") { Description = "A folder of feature definition YAML files." };
        var project = new Option<string?>("--project") { Description = "The feature project's name (default: the folder's name)." };
        var command = options.Add(new Command("apply", "Validate a folder of definitions and apply it to the server as a new version of a feature project (unchanged files keep the latest version).") { repo, project });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dir = parse.GetValue(repo)!;
            if (await LoadAsync(dir, parse.InvocationConfiguration.Error) is null)
            {
                return Invalid;
            }

            var files = Directory.EnumerateFiles(dir)
                .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
            var name = parse.GetValue(project) ?? new DirectoryInfo(dir).Name;
            return await options.RunAsync(
                parse,
                async context =>
                {
                    var applied = await context.Client.ApplyFeaturesAsync(name, files, context.CancellationToken);
                    if (context.Json)
                    {
                        await JsonOutput.WriteAsync(context.Output, applied, Json.ApplyFeaturesResponse);
                    }
                    else
                    {
                        await context.Output.WriteLineAsync($"Feature project '{applied.Project.Name}' version {applied.Project.Version}{(applied.Created ? string.Empty : " (unchanged)")}: {applied.Project.FeatureViews.Count} feature views, {applied.Project.FeatureServices.Count} feature services.");
                    }

                    return 0;
                },
                cancellationToken);
        });
        return command;
    }

    private static Command List()
    {
        var options = new ClientOptions();
        var command = options.Add(new Command("list", "List feature projects with their feature views."));
        options.SetAction(command, async (parse, context) =>
        {
            var projects = await context.Client.ListFeatureProjectsAsync(context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new FeatureProjectsResponse(projects), Json.FeatureProjectsResponse);
                return 0;
            }

            foreach (var p in projects)
            {
                await context.Output.WriteLineAsync($"{p.Name} v{p.Version} ({p.Workspace}): {string.Join(", ", p.FeatureViews.Select(v => $"{v.Name}[{string.Join(",", v.Features.Select(f => f.Name))}]"))}");
            }

            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("NAME") { Description = "The feature project." };
        var version = new Option<long?>("--version") { Description = "A version (default: the latest)." };
        var command = options.Add(new Command("show", "Show a feature project version: views, services and files.") { name, version });
        options.SetAction(command, async (parse, context) =>
        {
            var p = await context.Client.GetFeatureProjectAsync(parse.GetValue(name)!, parse.GetValue(version), context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new FeatureProjectResponse(p), Json.FeatureProjectResponse);
                return 0;
            }

            await context.Output.WriteLineAsync($"{p.Name} version {p.Version} in workspace {p.Workspace}, digest {p.Digest}");
            foreach (var v in p.FeatureViews)
            {
                await context.Output.WriteLineAsync($"  view {v.Name}: keys {string.Join(",", v.JoinKeys)}, source {v.Source}, ttl {v.TtlSeconds.ToString(CultureInfo.InvariantCulture)} s, features {string.Join(", ", v.Features.Select(f => $"{f.Name}:{f.Type}"))}");
            }

            foreach (var s in p.FeatureServices)
            {
                await context.Output.WriteLineAsync($"  service {s.Name}: {string.Join(", ", s.Features)}");
            }

            return 0;
        });
        return command;
    }

    private static Command Materialize()
    {
        var repo = new Option<string>("--repo") { Description = "The folder of definition files; path sources are relative to it.", Required = true };
        var store = new Option<string>("--online-store") { Description = "The online store: sqlite:///path.db or postgresql://user@host/db; the server reads its FeatureOnlineStoreUri, by default its own metadata database.", Required = true };
        var views = new Option<string?>("--views") { Description = "Comma-separated feature views (default: all)." };
        var command = new Command("materialize", "Write the latest value per entity key of feature views into the online store, taking only source rows newer than the last run.") { repo, store, views };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dir = parse.GetValue(repo)!;
            if (await LoadAsync(dir, parse.InvocationConfiguration.Error) is not { } loaded)
            {
                return Invalid;
            }

            try
            {
                await using var online = await OnlineStore.OpenAsync(parse.GetValue(store)!, cancellationToken);
                var names = parse.GetValue(views)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [.. loaded.Views.Select(v => v.Name)];
                foreach (var view in names)
                {
                    var result = await Materializer.RunAsync(loaded, Path.GetFullPath(dir), view, online, cancellationToken);
                    await parse.InvocationConfiguration.Output.WriteLineAsync(
                        $"{view}: {result.RowsNew} new of {result.RowsRead} rows, {result.KeysWritten} keys written in {result.Elapsed.TotalSeconds:0.###} s.");
                }

                return 0;
            }
            catch (Core.Errors.CrucibleException e)
            {
                return await CliErrors.WriteAsync(parse.InvocationConfiguration.Error, e.Message, DataCommand.BadInput);
            }
        });
        return command;
    }
}
