using System.CommandLine;
using System.Globalization;
using Crucible.Cli.Rendering;
using Crucible.Client;
using Crucible.Contracts.Datasets;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.Tabular;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible data register</c> (upload a file as a new version of a named dataset, streamed, with a progress bar
/// on large files) and <c>crucible data versions</c> (a dataset's versions), against a tracking server.
/// </summary>
internal static class DataRegisterCommand
{
    /// <summary>Files at least this large show a progress bar on an interactive terminal.</summary>
    private const long ProgressThreshold = 8L * 1024 * 1024;

    private static DatasetsJsonContext Json => DatasetsJsonContext.Default;

    public static Command Create()
    {
        var options = new ClientOptions();
        var file = new Argument<string>("FILE | DIR")
        {
            Description = "The CSV, JSON Lines or Parquet file (.jsonl / .ndjson are JSON Lines, .parquet Parquet, anything else CSV), or a folder of such files sharing one header (one version).",
        };
        var name = new Option<string>("--name") { Description = "The dataset's name.", Required = true };
        var owner = new Option<string?>("--owner") { Description = "Who owns this version." };
        var license = new Option<string?>("--license") { Description = "The license it is under, e.g. CC-BY-4.0." };
        var description = new Option<string?>("--description") { Description = "What it is." };
        var source = new Option<string?>("--source") { Description = "Where it came from (default: the file's file:// URI)." };
        var parents = new Option<string[]>("--parent") { Description = "A dataset version it was derived from, NAME@VERSION (repeatable).", AllowMultipleArgumentsPerToken = false };
        var transform = new Option<string?>("--transform") { Description = "How it was derived, e.g. \"redact: mask email\"." };
        var command = options.Add(new Command("register", "Register a file (or a folder of files) as a new version of a named dataset on the server (profiled there; the same file again returns its existing version).")
        {
            file, name, owner, license, description, source, parents, transform,
        });
        options.SetAction(command, async (parse, context) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var dataset = Checked(() => DatasetLimits.Name(parse.GetValue(name)));
            var parentList = parse.GetValue(parents) ?? [];
            foreach (var parent in parentList)
            {
                Checked(() => DatasetLimits.Parent(parent));
            }

            var isFolder = Directory.Exists(path);
            if (!isFolder && !File.Exists(path))
            {
                throw new CommandFailedException($"file '{path}' does not exist.");
            }

            var registration = new DatasetRegistrationOptions(
                Format: isFolder ? null : TabularFormats.Name(TabularReader.FormatOf(path)),
                Source: parse.GetValue(source) ?? new Uri(path).AbsoluteUri,
                Owner: Text(parse.GetValue(owner)),
                License: Text(parse.GetValue(license)),
                Description: Text(parse.GetValue(description)),
                Parents: parentList,
                Transform: Text(parse.GetValue(transform)));
            var response = isFolder
                ? await RegisterFolderAsync(context, dataset, path, registration)
                : await UploadAsync(context, dataset, path, registration);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, response, Json.RegisterDatasetVersionResponse);
                return 0;
            }

            var v = response.DatasetVersion;
            context.Console.Write(Table([v]));
            context.Console.WriteLine(response.Created
                ? $"Registered '{v.Name}' version {v.Version}. Runs trained on it log the dataset input name '{v.Name}' with digest {v.MlflowDigest}."
                : $"'{v.Name}' version {v.Version} already holds this file (SHA-256 {v.Digest}); nothing new was registered.");
            return 0;
        });
        return command;
    }

    public static Command Versions()
    {
        var options = new ClientOptions();
        var name = new Argument<string>("NAME") { Description = "The dataset's name." };
        var command = options.Add(new Command("versions", "List a registered dataset's versions with their digest, size and provenance.") { name });
        options.SetAction(command, async (parse, context) =>
        {
            var dataset = Checked(() => DatasetLimits.Name(parse.GetValue(name)));
            var versions = await context.Client.ListDatasetVersionsAsync(dataset, context.CancellationToken);
            if (context.Json)
            {
                await JsonOutput.WriteAsync(context.Output, new DatasetVersionsResponse(dataset, versions), Json.DatasetVersionsResponse);
                return 0;
            }

            context.Console.Write(Table(versions));
            return 0;
        });
        return command;
    }

    internal static T Checked<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (CrucibleException e)
        {
            throw new CommandFailedException(e.Message);
        }
    }

    internal static Table Table(IEnumerable<DatasetVersionDto> versions)
    {
        var table = ModelsTables.Create("NAME", "VERSION", "FORMAT", "ROWS", "BYTES", "SHA-256", "OWNER", "LICENSE", "PARENTS", "TRANSFORM", "CREATED");
        foreach (var v in versions)
        {
            table.AddRow(ModelsTables.Cells(
                v.Name,
                v.Version.ToString(CultureInfo.InvariantCulture),
                v.Format,
                v.RowCount.ToString(CultureInfo.InvariantCulture),
                v.SizeBytes.ToString(CultureInfo.InvariantCulture),
                v.Digest,
                v.Owner,
                v.License,
                string.Join(", ", v.Parents ?? []),
                v.Transform,
                ModelsTables.Time(v.CreationTimestamp)));
        }

        return table;
    }

    private static string? Text(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>A folder as one version; a folder the client refuses (no data file, a stray file, two formats) fails before anything is sent.</summary>
    private static async Task<RegisterDatasetVersionResponse> RegisterFolderAsync(ClientContext context, string dataset, string path, DatasetRegistrationOptions registration)
    {
        try
        {
            return await context.Client.RegisterDatasetFolderAsync(dataset, path, registration, context.CancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new CommandFailedException(e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal));
        }
    }

    /// <summary>Streams the file (never held in memory), with a progress bar on stderr for large files on a terminal.</summary>
    private static async Task<RegisterDatasetVersionResponse> UploadAsync(ClientContext context, string dataset, string path, DatasetRegistrationOptions registration)
    {
        var length = new FileInfo(path).Length;
        if (context.Json || length < ProgressThreshold || Console.IsErrorRedirected)
        {
            return await context.Client.RegisterDatasetFileAsync(dataset, path, registration, cancellationToken: context.CancellationToken);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        RegisterDatasetVersionResponse? response = null;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("Uploading", maxValue: length);
                response = await context.Client.RegisterDatasetFileAsync(
                    dataset, path, registration, new BytesSent(read => task.Value = Math.Min(read, length)), context.CancellationToken);
                task.Value = task.MaxValue;
            });
        return response!;
    }

    /// <summary>Reports on the sending thread (<see cref="Progress{T}"/> would post to the thread pool and lag behind).</summary>
    private sealed class BytesSent(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
