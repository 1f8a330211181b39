using System.CommandLine;
using System.Text.Json;
using Crucible.Cli.Rendering;
using Crucible.Core.Errors;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Pii;
using Crucible.DataQuality.Profiling;
using Crucible.DataQuality.Reporting;
using Crucible.DataQuality.Serialization;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible data profile | check | scan-pii | redact</c>: dataset quality on local CSV / JSON Lines / Parquet files.
/// Exit codes: 0 success, 1 a check failed, 2 bad input (unreadable or malformed file, bad option).
/// </summary>
internal static class DataCommand
{
    public const int CheckFailed = 1;
    public const int BadInput = 2;

    public static Command Create()
    {
        var command = new Command("data", "Profile, check, scan for PII and redact CSV, JSON Lines or Parquet datasets.");
        command.Subcommands.Add(Profile());
        command.Subcommands.Add(Check());
        command.Subcommands.Add(ScanPii());
        command.Subcommands.Add(DataRedactCommand.Create());
        command.Subcommands.Add(DataRegisterCommand.Create());
        command.Subcommands.Add(DataRegisterCommand.Versions());
        command.Subcommands.Add(DataDeleteCommand.Create());
        return command;
    }

    internal static Argument<string> FileArgument() => new("FILE") { Description = "A CSV (RFC 4180, header line), JSON Lines (.jsonl, .ndjson) or Parquet (.parquet) file, or a registered dataset NAME@VERSION." };

    internal static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table." };

    internal static Option<string?> ReportOption() =>
        new("--report") { Description = "Also write a self-contained HTML report (charts, checks, PII findings) to this path; scans the file once more for PII." };

    /// <summary>Resolves registered datasets (<c>NAME@VERSION</c>) among the arguments to downloaded files, then runs the body.</summary>
    private static Task<int> WithDatasets(ParseResult parse, Option<string> server, string?[] values, Func<string?[], int> body, CancellationToken cancellationToken) =>
        RegisteredDatasetFiles.RunAsync(parse, server, values, Console.Error, BadInput, body, cancellationToken);

    /// <summary>Runs a command body, turning bad input into exit code 2 with the message on stderr.</summary>
    internal static int Guarded(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CrucibleException e)
        {
            Console.Error.WriteLine(CliErrors.Line(e.Message));
            return BadInput;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(CliErrors.Line(e.Message));
            return BadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine(CliErrors.Line(e.Message));
            return BadInput;
        }
    }

    private static Command Profile()
    {
        var file = FileArgument();
        var json = JsonOption();
        var report = ReportOption();
        var server = RegisteredDatasetFiles.ServerOption();
        var command = new Command("profile", "Infer the schema (type, nullability, role) and profile every column; print the digest and row count.") { file, json, report, server };
        command.SetAction((parse, cancellationToken) => WithDatasets(parse, server, [parse.GetValue(file)], paths => Guarded(() =>
        {
            string path = paths[0]!;
            DatasetProfile profile = DataOutput.WithProgress("Profiling", progress => DatasetProfiler.Profile(path, new ScanOptions { Progress = progress }));
            if (parse.GetValue(report) is { } html)
            {
                DataQualityReport.Write(html, profile, ScanForReport(path));
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(profile, DataQualityJsonContext.Default.DatasetProfile));
            }
            else
            {
                DataTables.Profile(DataOutput.Stdout(), profile);
            }

            return 0;
        }), cancellationToken));
        return command;
    }

    private static Command Check()
    {
        var file = FileArgument();
        var json = JsonOption();
        var label = new Option<string?>("--label") { Description = "The label (target) column: enables conflicting labels, imbalance, leakage and neighbour checks." };
        var reference = new Option<string?>("--reference") { Description = "A reference (e.g. training) file: enables schema, range, category, overlap, drift and outlier-cluster checks." };
        var conditions = new Option<string[]>("--condition")
        {
            Description = $"Override a default condition, e.g. max_duplicate_share=0.1 (repeatable). Names: {string.Join(", ", CheckConditions.Names)}.",
            AllowMultipleArgumentsPerToken = false,
        };
        var schema = new Option<string?>("--expected-schema") { Description = "A JSON schema ([{name, type, nullable}] or a 'data profile --json' output) the file must match." };
        var html = ReportOption();
        var server = RegisteredDatasetFiles.ServerOption();
        var command = new Command("check", "Run the data checks; exit code 1 when any check fails.") { file, label, reference, schema, conditions, json, html, server };
        command.SetAction((parse, cancellationToken) => WithDatasets(parse, server, [parse.GetValue(file), parse.GetValue(reference)], paths => Guarded(() =>
        {
            string path = paths[0]!;
            var options = CheckConditions.Apply(
                new CheckOptions
                {
                    Label = parse.GetValue(label),
                    Reference = paths[1],
                    ExpectedSchema = parse.GetValue(schema) is { } s ? ExpectedSchemaFile.Load(s) : null,
                },
                parse.GetValue(conditions) ?? []);
            CheckReport report = DataOutput.WithProgress("Checking", progress =>
                DataChecker.Run(path, options with { Scan = options.Scan with { Progress = progress } }));
            if (parse.GetValue(html) is { } reportPath)
            {
                DataQualityReport.Write(reportPath, report, ScanForReport(path));
            }

            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, DataQualityJsonContext.Default.CheckReport));
            }
            else
            {
                DataTables.Checks(DataOutput.Stdout(), report);
            }

            return report.Status == CheckStatus.Fail ? CheckFailed : 0;
        }), cancellationToken));
        return command;
    }

    private static IReadOnlyList<PiiColumnResult> ScanForReport(string path) =>
        DataOutput.WithProgress("Scanning for PII", progress => PiiScanner.Scan(path, new PiiOptions { Progress = progress }));

    private static Command ScanPii()
    {
        var file = FileArgument();
        var json = JsonOption();
        var threshold = new Option<double>("--threshold")
        {
            Description = "Share of non-null values that must match for a column to be reported as PII, in (0, 1].",
            DefaultValueFactory = _ => PiiOptions.DefaultThreshold,
        };
        var server = RegisteredDatasetFiles.ServerOption();
        var command = new Command("scan-pii", "Find columns holding emails, phones, card numbers, IBANs, US SSNs, IP addresses or person names.") { file, threshold, json, server };
        command.SetAction((parse, cancellationToken) => WithDatasets(parse, server, [parse.GetValue(file)], paths => Guarded(() =>
        {
            string path = paths[0]!;
            double t = parse.GetValue(threshold);
            IReadOnlyList<PiiColumnResult> results = DataOutput.WithProgress("Scanning", progress =>
                PiiScanner.Scan(path, new PiiOptions { Threshold = t, Progress = progress }));
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize([.. results], DataQualityJsonContext.Default.PiiColumnResultArray));
            }
            else
            {
                DataTables.Pii(DataOutput.Stdout(), results, t);
            }

            return 0;
        }), cancellationToken));
        return command;
    }
}
