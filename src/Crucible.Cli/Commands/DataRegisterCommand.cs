using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
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
        var options = new ModelsOptions();
        var file = new Argument<string>("FILE | DIR")
        {
            Description = "The CSV or JSON Lines file (.jsonl / .ndjson are JSON Lines, anything else CSV), or a folder of such files sharing one header (one version).",
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
        options.SetAction(command, async (parse, http) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            var dataset = Checked(() => DatasetLimits.Name(parse.GetValue(name)));
            var parentList = parse.GetValue(parents) ?? [];
            foreach (var parent in parentList)
            {
                Checked(() => DatasetLimits.Parent(parent));
            }

            using var folder = Directory.Exists(path) ? DataFolderUpload.Open(path) : null;
            if (folder is null && !File.Exists(path))
            {
                throw new ModelsCommandException($"file '{path}' does not exist.");
            }

            var format = folder?.Format ?? TabularFormats.Name(TabularReader.FormatOf(path));
            var query = new List<string> { "format=" + format, "source=" + ModelsHttp.Query(parse.GetValue(source) ?? new Uri(path).AbsoluteUri) };
            void Add(string key, string? value)
            {
                if (!string.IsNullOrEmpty(value))
                {
                    query.Add(key + "=" + ModelsHttp.Query(value));
                }
            }

            Add("owner", parse.GetValue(owner));
            Add("license", parse.GetValue(license));
            Add("description", parse.GetValue(description));
            Add("parents", string.Join(',', parentList));
            Add("transform", parse.GetValue(transform));
            var url = $"{ModelsHttp.Native}datasets/{ModelsHttp.Query(dataset)}/versions?{string.Join('&', query)}";

            byte[] body;
            if (folder is not null)
            {
                body = await http.SendAsync(HttpMethod.Post, url, folder);
            }
            else
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
                body = await UploadAsync(http, url, stream, http.Json);
            }

            var response = System.Text.Json.JsonSerializer.Deserialize(body, Json.RegisterDatasetVersionResponse)
                ?? throw new ModelsCommandException("the server answered an empty body.");
            if (http.Json)
            {
                await http.WriteJsonAsync(response, Json.RegisterDatasetVersionResponse);
                return 0;
            }

            var v = response.DatasetVersion;
            var console = http.Console();
            console.Write(Table([v]));
            console.WriteLine(response.Created
                ? $"Registered '{v.Name}' version {v.Version}. Runs trained on it log the dataset input name '{v.Name}' with digest {v.MlflowDigest}."
                : $"'{v.Name}' version {v.Version} already holds this file (SHA-256 {v.Digest}); nothing new was registered.");
            return 0;
        });
        return command;
    }

    public static Command Versions()
    {
        var options = new ModelsOptions();
        var name = new Argument<string>("NAME") { Description = "The dataset's name." };
        var command = options.Add(new Command("versions", "List a registered dataset's versions with their digest, size and provenance.") { name });
        options.SetAction(command, async (parse, http) =>
        {
            var dataset = Checked(() => DatasetLimits.Name(parse.GetValue(name)));
            var response = await http.GetAsync($"{ModelsHttp.Native}datasets/{ModelsHttp.Query(dataset)}/versions", Json.DatasetVersionsResponse);
            if (http.Json)
            {
                await http.WriteJsonAsync(response, Json.DatasetVersionsResponse);
                return 0;
            }

            http.Console().Write(Table(response.Versions));
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
            throw new ModelsCommandException(e.Message);
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

    /// <summary>POSTs the file as a streamed body (never held in memory), with a progress bar on stderr for large files on a terminal.</summary>
    private static async Task<byte[]> UploadAsync(ModelsHttp http, string url, FileStream file, bool json)
    {
        if (json || file.Length < ProgressThreshold || Console.IsErrorRedirected)
        {
            return await http.SendAsync(HttpMethod.Post, url, Content(file, null));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        byte[] body = [];
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Uploading", maxValue: file.Length);
                body = await http.SendAsync(HttpMethod.Post, url, Content(file, read => task.Value = Math.Min(read, file.Length)));
                task.Value = task.MaxValue;
            });
        return body;
    }

    private static StreamContent Content(FileStream file, Action<long>? progress)
    {
        var content = new StreamContent(progress is null ? file : new ProgressStream(file, progress), 81920);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = file.Length;
        return content;
    }

    /// <summary>A read-only pass-through stream that reports how many bytes have been read.</summary>
    private sealed class ProgressStream(Stream inner, Action<long> progress) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Report(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Report(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Report(int read)
        {
            _read += read;
            progress(_read);
            return read;
        }
    }
}
