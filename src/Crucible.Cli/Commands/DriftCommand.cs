using System.CommandLine;
using System.Globalization;
using Crucible.Cli.Rendering;
using Crucible.Core.Errors;
using Crucible.Monitoring.Drift;
using Crucible.Monitoring.Multivariate;
using Crucible.Monitoring.Reports;
using Crucible.Stats.Drift;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible drift --reference FILE --current FILE</c>: per-column drift and the dataset verdict.
/// Inputs are CSV / JSON Lines / Parquet files, profile blobs from <c>crucible profile --out</c>, or registered datasets (<c>NAME@VERSION</c>). Exit code 0
/// whether or not drift is found (drift is a result, not an error), 2 for bad input.
/// </summary>
internal static class DriftCommand
{
    public const int BadInput = 2;

    public static Command Create()
    {
        var reference = new Option<string?>("--reference") { Description = "Reference data: a CSV / JSON Lines / Parquet file, a profile blob (.bin), or a registered dataset NAME@VERSION." };
        var current = new Option<string?>("--current") { Description = "Current data: a CSV / JSON Lines / Parquet file, a profile blob (.bin), or a registered dataset NAME@VERSION." };
        var server = RegisteredDatasetFiles.ServerOption();
        var stattest = new Option<string?>("--stattest") { Description = $"Test for every column: {string.Join(", ", DriftTestCatalog.All.Select(d => d.Name))}. Default: Evidently's rule per column." };
        var threshold = new Option<string?>("--threshold") { Description = "Threshold for every column (p-value level or distance). Default: the test's own." };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns to compare (default: every column both inputs share)." };
        var correction = new Option<string?>("--correction") { Description = "Multiple-testing correction over p-value tests: none, bonferroni or fdr." };
        var share = new Option<string?>("--drift-share") { Description = "Share of drifted columns at which the dataset drifts (default 0.5)." };
        var sketch = new Option<bool>("--sketch") { Description = "Compare streamed profiles (bounded memory, sketch-approximate) instead of exact raw arrays." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained HTML report (distributions and drift scores) to this path." };
        var multivariate = new Option<bool>("--multivariate") { Description = "Also run multivariate drift (PCA data reconstruction and a domain classifier) on the raw rows of two data files." };
        var command = new Command("drift", "Detect data drift between a reference and a current dataset, column by column.")
        {
            reference, current, stattest, threshold, columns, correction, share, sketch, json, html, multivariate, server,
        };
        command.SetAction((parse, cancellationToken) => RegisteredDatasetFiles.RunAsync(
            parse,
            server,
            [parse.GetValue(reference), parse.GetValue(current)],
            parse.InvocationConfiguration.Error,
            BadInput,
            paths => Run(
                new DriftArgs(
                    paths[0], paths[1], parse.GetValue(stattest), parse.GetValue(threshold),
                    parse.GetValue(columns), parse.GetValue(correction), parse.GetValue(share), parse.GetValue(sketch), parse.GetValue(json), parse.GetValue(html),
                    parse.GetValue(multivariate)),
                parse.InvocationConfiguration.Output,
                parse.InvocationConfiguration.Error),
            cancellationToken));
        return command;
    }

    /// <summary>The command body, with its writers injected for tests.</summary>
    internal static int Run(DriftArgs args, TextWriter output, TextWriter error)
    {
        try
        {
            if (string.IsNullOrEmpty(args.Reference) || string.IsNullOrEmpty(args.Current))
            {
                throw new ArgumentException("Both --reference and --current are required.");
            }

            DriftOptions options = Options(args);
            DriftReport report = FileDrift.Compute(args.Reference, args.Current, options, args.Sketch ? false : null);
            if (!string.IsNullOrEmpty(args.Html))
            {
                File.WriteAllText(args.Html, DriftHtmlReport.Render(report, FileDrift.LoadProfile(args.Reference), FileDrift.LoadProfile(args.Current)));
            }

            MultivariateReport? multivariate = args.Multivariate ? MultivariateFiles.Compute(args.Reference, args.Current, options.Columns) : null;
            if (args.Json)
            {
                output.WriteLine(multivariate is null ? DriftJson.Serialize(report) : MultivariateFiles.CombinedJson(report, multivariate));
            }
            else
            {
                DriftTables.Write(Consoles.For(output), report);
                if (multivariate is not null)
                {
                    MultivariateTables.Write(Consoles.For(output), multivariate);
                }
            }

            return 0;
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or InvalidDataException or CrucibleException)
        {
            return CliErrors.Write(error, e.Message, BadInput);
        }
    }

    private static DriftOptions Options(DriftArgs args) => new()
    {
        Test = string.IsNullOrWhiteSpace(args.Stattest) ? null : args.Stattest.Trim().ToLowerInvariant(),
        Threshold = args.Threshold is null ? null : Number(args.Threshold, "--threshold"),
        Columns = string.IsNullOrWhiteSpace(args.Columns)
            ? null
            : args.Columns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Correction = args.Correction?.Trim().ToLowerInvariant() switch
        {
            null or "" or "none" => MultipleTestingCorrection.None,
            "bonferroni" => MultipleTestingCorrection.Bonferroni,
            "fdr" or "bh" or "benjamini-hochberg" => MultipleTestingCorrection.BenjaminiHochberg,
            _ => throw new ArgumentException($"Unknown correction '{args.Correction}'. Use none, bonferroni or fdr."),
        },
        DriftShare = args.DriftShare is null ? DatasetDrift.DefaultDriftShare : Number(args.DriftShare, "--drift-share"),
    };

    private static double Number(string text, string option) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"{option} must be a number, got '{text}'.");
}

/// <summary>Parsed arguments of <c>crucible drift</c>.</summary>
internal sealed record DriftArgs(
    string? Reference,
    string? Current,
    string? Stattest = null,
    string? Threshold = null,
    string? Columns = null,
    string? Correction = null,
    string? DriftShare = null,
    bool Sketch = false,
    bool Json = false,
    string? Html = null,
    bool Multivariate = false);
