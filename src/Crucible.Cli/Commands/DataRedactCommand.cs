using System.CommandLine;
using System.Text.Json;
using Crucible.Cli.Rendering;
using Crucible.Contracts.Datasets;
using Crucible.Core.Datasets;
using Crucible.DataQuality.Pii;
using Crucible.DataQuality.Redaction;
using Crucible.DataQuality.Serialization;
using Spectre.Console;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible data redact</c> in three forms:
/// <c>FILE --out OUT [--mask ..] [--hash ..] [--drop ..] [--salt S]</c> or <c>FILE --out OUT --method M [--columns ..]</c>
/// (local; exit 2 on bad input), <c>NAME@VERSION --register --method M [--columns ..] [--target NAME]</c> (the server
/// redacts the registered version into a new version), and <c>NAME@VERSION --out OUT --method M</c> (download, redact
/// locally). Without <c>--columns</c>, <c>--method</c> applies to the columns a PII scan flags.
/// </summary>
internal static class DataRedactCommand
{
    public static Command Create()
    {
        var remote = new ClientOptions();
        var input = new Argument<string>("FILE | NAME@VERSION") { Description = "A CSV or JSON Lines file, or a registered dataset version NAME@VERSION." };
        var output = new Option<string?>("--out") { Description = "The redacted CSV to write; OUT.provenance.json records what was done." };
        var mask = new Option<string?>("--mask") { Description = "Comma-separated columns whose letters and digits become '*'." };
        var hash = new Option<string?>("--hash") { Description = "Comma-separated columns replaced by HMAC-SHA-256 with the salt (joinable, not reversible)." };
        var drop = new Option<string?>("--drop") { Description = "Comma-separated columns to remove." };
        var method = new Option<string?>("--method") { Description = "mask, hash or drop, applied to --columns, or without them to the columns a PII scan flags." };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns for --method (default: the columns a PII scan flags)." };
        var threshold = new Option<double>("--threshold")
        {
            Description = "PII share threshold for choosing columns when --columns is not given, in (0, 1].",
            DefaultValueFactory = _ => PiiOptions.DefaultThreshold,
        };
        var salt = new Option<string?>("--salt") { Description = "Secret salt for hashing (required with it; never written out or stored)." };
        var register = new Option<bool>("--register") { Description = "With NAME@VERSION: the server redacts the version and registers the result as a new version (parent NAME@VERSION)." };
        var target = new Option<string?>("--target") { Description = "With --register: register into this dataset instead of NAME." };
        var command = remote.Add(new Command("redact", "Write a copy of a dataset with PII columns masked, hashed or dropped, as a file or as a new registered version.")
        {
            input, output, mask, hash, drop, method, columns, threshold, salt, register, target,
        });
        remote.SetAction(command, async (parse, context) =>
        {
            string source = parse.GetValue(input)!;
            var settings = new Settings(
                parse.GetValue(output), List(parse.GetValue(mask)), List(parse.GetValue(hash)), List(parse.GetValue(drop)), parse.GetValue(method),
                parse.GetValue(columns) is { } named ? List(named) : null, parse.GetValue(threshold), parse.GetValue(salt), parse.GetValue(target));
            if (File.Exists(source) || !source.Contains('@', StringComparison.Ordinal))
            {
                return parse.GetValue(register)
                    ? Refuse("--register takes a registered version NAME@VERSION; register a local file with 'crucible data register'.")
                    : DataCommand.Guarded(() => Local(source, settings, context));
            }

            var version = DataRegisterCommand.Checked(() => DatasetLimits.Reference(source));
            if (parse.GetValue(register))
            {
                return await RegisterAsync(context, version, settings);
            }

            if (settings.Output is null)
            {
                return Refuse("name --out to redact a registered version into a local file, or pass --register to make a new version on the server.");
            }

            var found = await context.Client.GetDatasetVersionAsync(version.Name, version.Version, context.CancellationToken);
            using var download = new TempFile(found.Format);
            await using (var file = File.Create(download.Path))
            {
                await context.Client.DownloadDatasetVersionAsync(version.Name, version.Version, file, context.CancellationToken);
            }

            return DataCommand.Guarded(() => Local(download.Path, settings, context));
        });
        return command;
    }

    private static int Local(string path, Settings settings, ClientContext context)
    {
        if (settings.Output is not { } target)
        {
            return Refuse("name the redacted file with --out.");
        }

        var plan = Plan(settings, () => PiiScanner.FlaggedColumns(path, new PiiOptions { Threshold = settings.Threshold }));
        if (plan is null)
        {
            return DataCommand.BadInput;
        }

        RedactionProvenance provenance = DataOutput.WithProgress("Redacting", progress => Redactor.Redact(path, target, plan with { Progress = progress }));
        if (context.Json)
        {
            context.Output.WriteLine(JsonSerializer.Serialize(provenance, DataQualityJsonContext.Default.RedactionProvenance));
            return 0;
        }

        context.Output.WriteLine($"Wrote {target} ({provenance.Rows} rows, sha256 {provenance.OutputSha256}): {provenance.Describe()}. Provenance: {target}{Redactor.ProvenanceSuffix}");
        return 0;
    }

    private static async Task<int> RegisterAsync(ClientContext context, DatasetParent version, Settings settings)
    {
        if (settings.Mask.Count + settings.Hash.Count + settings.Drop.Count > 0 || settings.Method is null)
        {
            throw new CommandFailedException("with --register, say what to do with --method mask|hash|drop (and optionally --columns).");
        }

        var request = new RedactDatasetRequest(settings.Method, settings.Columns, settings.Salt, settings.Target, settings.Threshold);
        var response = await context.Client.RedactDatasetVersionAsync(version.Name, version.Version, request, context.CancellationToken);
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context.Output, response, DatasetsJsonContext.Default.RedactDatasetResponse);
            return 0;
        }

        var v = response.DatasetVersion;
        context.Console.Write(DataRegisterCommand.Table([v]));
        context.Console.WriteLine(response.Created
            ? $"Registered '{v.Name}' version {v.Version} from {version}: {v.Transform}."
            : $"'{v.Name}' version {v.Version} already holds this redaction of {version}; nothing new was registered.");
        return 0;
    }

    /// <summary>The plan from either form; null (after printing why) when the options say nothing or contradict.</summary>
    private static RedactionPlan? Plan(Settings settings, Func<IReadOnlyList<string>> flagged)
    {
        var named = settings.Mask.Count + settings.Hash.Count + settings.Drop.Count;
        if (settings.Method is { } method)
        {
            if (named > 0)
            {
                Refuse("use either --method (with --columns) or --mask/--hash/--drop, not both.");
                return null;
            }

            return RedactionPlan.Of(RedactionPlan.Method(method), settings.Columns ?? flagged(), settings.Salt);
        }

        if (named == 0)
        {
            Refuse("name at least one column with --mask, --hash or --drop, or give --method.");
            return null;
        }

        return new RedactionPlan { Mask = settings.Mask, Hash = settings.Hash, Drop = settings.Drop, Salt = settings.Salt };
    }

    private static int Refuse(string message)
    {
        return CliErrors.Write(Console.Error, message, DataCommand.BadInput);
    }

    private static string[] List(string? value) =>
        value is null ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed record Settings(
        string? Output,
        IReadOnlyList<string> Mask,
        IReadOnlyList<string> Hash,
        IReadOnlyList<string> Drop,
        string? Method,
        IReadOnlyList<string>? Columns,
        double Threshold,
        string? Salt,
        string? Target);

    /// <summary>A downloaded copy, deleted on dispose.</summary>
    private sealed class TempFile(string format) : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crucible-redact-{Guid.NewGuid():N}.{format}");

        public void Dispose() => File.Delete(Path);
    }
}
