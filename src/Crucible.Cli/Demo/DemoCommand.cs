using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crucible.Cli.Commands;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Server;
using Crucible.Server.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crucible.Cli.Demo;

/// <summary>
/// <c>crucible demo</c>: the whole loop on a fresh checkout with nothing but the embedded defaults. It starts a
/// server over a folder of its own, runs <see cref="DemoRunner"/> against it and prints a summary with links.
/// </summary>
internal static class DemoCommand
{
    private const string Marker = ".crucible-demo";

    public static Command Create()
    {
        var folder = new Option<string>("--dir") { Description = "Folder for the demo's database, artifacts and data (replaced if an earlier demo made it).", DefaultValueFactory = _ => "crucible-demo" };
        var port = new Option<int>("--port") { Description = "Port of the demo's server (0 picks a free one).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the generated data and the trainers.", DefaultValueFactory = _ => 7 };
        var requests = new Option<int>("--requests") { Description = "Inference requests per traffic phase (three phases, 4 customers each).", DefaultValueFactory = _ => 300 };
        var keep = new Option<bool>("--keep-serving") { Description = "Keep the server running after the demo so its pages and APIs can be explored (Ctrl+C stops it)." };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON (progress goes to stderr)." };
        var command = new Command("demo", "Run the whole loop on generated churn data: train, register, evaluate, deploy, drift, alert, retrain, canary, promote.")
        {
            folder, port, seed, requests, keep, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var errors = parse.InvocationConfiguration.Error;
            var root = Path.GetFullPath(parse.GetValue(folder)!);
            if (parse.GetValue(requests) < 10)
            {
                return await CliErrors.WriteAsync(errors, "--requests must be at least 10.", CliErrors.Usage);
            }

            if (!Prepare(root, out var error))
            {
                return await CliErrors.WriteAsync(errors, error, CliErrors.Usage);
            }

            var asJson = parse.GetValue(json);
            var options = new ServerOptions
            {
                BackendStoreUri = $"sqlite:///{root}/crucible.db",
                ArtifactsDestination = Path.Combine(root, "artifacts"),
                Port = parse.GetValue(port),
                SqliteFullSync = false,
                MonitorInterval = TimeSpan.Zero,
            };
            await using var app = await CrucibleServer.CreateAsync(options, b => b.Logging.SetMinimumLevel(LogLevel.Error), cancellationToken);
            await app.StartAsync(cancellationToken);
            var address = app.Address();
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            // Auth is on, as for any server: the demo acts with the admin token its fresh store's first start wrote.
            if (File.Exists(options.AdminTokenFile()))
            {
                http.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(options.AdminTokenFile(), cancellationToken)).Trim());
            }

            using var client = new CrucibleClient(http);
            var progressWriter = asJson ? errors : output;
            var terminal = asJson
                ? ReferenceEquals(errors, Console.Error) && !Console.IsErrorRedirected
                : ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            var settings = new DemoSettings(root, parse.GetValue(seed), parse.GetValue(requests), RowsPerRequest: 4);
            await progressWriter.WriteLineAsync($"Crucible demo: server at {address}, files in {root}");
            DemoSummary summary;
            try
            {
                summary = await new DemoRunner(client, address, settings, new ConsoleDemoProgress(progressWriter, terminal), TimeProvider.System).RunAsync(cancellationToken);
            }
            catch (Exception e) when (ClientErrors.Describe(e, address, cancellationToken) is { } message)
            {
                return await CliErrors.WriteAsync(errors, $"the demo stopped: {message}", CliErrors.Failed);
            }

            summary.KeptServing = parse.GetValue(keep);
            await File.WriteAllTextAsync(Path.Combine(root, "summary.json"), JsonSerializer.Serialize(summary, DemoJsonContext.Default.DemoSummary), cancellationToken);
            if (asJson)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(summary, DemoJsonContext.Default.DemoSummary));
            }
            else
            {
                DemoTables.Write(Consoles.For(output), summary);
            }

            if (summary.KeptServing)
            {
                await progressWriter.WriteLineAsync($"Serving at {address} until Ctrl+C; the links above answer until then.");
                await app.WaitForShutdownAsync(cancellationToken);
            }
            else
            {
                await progressWriter.WriteLineAsync(DemoTables.StoppedNote(summary));
            }

            return 0;
        });
        return command;
    }

    /// <summary>Makes <paramref name="root"/> an empty folder; refuses a non-empty folder an earlier demo did not make.</summary>
    private static bool Prepare(string root, out string error)
    {
        error = string.Empty;
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            if (!File.Exists(Path.Combine(root, Marker)))
            {
                error = $"'{root}' is not empty and was not made by crucible demo; pass another --dir.";
                return false;
            }

            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, Marker), "Made by crucible demo; the next demo run replaces this folder.\n");
        return true;
    }
}

/// <summary>The summary as JSON: snake_case, nulls kept so a missing result is visible.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(DemoSummary))]
internal sealed partial class DemoJsonContext : JsonSerializerContext;
