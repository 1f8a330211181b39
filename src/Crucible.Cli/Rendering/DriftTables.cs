using System.Globalization;
using Crucible.Monitoring.Drift;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Renders a drift report: one row per column, then the dataset verdict and skipped columns.</summary>
internal static class DriftTables
{
    public static void Write(IAnsiConsole console, DriftReport report)
    {
        Table table = Tables.Create("Column", "Kind", "Test", "Statistic", "p-value", "Threshold", "Drift", "Method");
        foreach (ColumnDrift c in report.Columns)
        {
            table.AddRow(
                new Text(c.Column),
                new Text(c.Kind),
                new Text(c.Test),
                new Text(Number(c.Statistic)),
                new Text(c.PValue is { } p ? Number(p) : "-"),
                new Text(Number(c.Threshold)),
                c.Drift ? new Text("✓ drift", new Style(Color.Red)) : new Text("✗ none", new Style(Color.Green)),
                new Text(c.Exact ? "exact" : "sketch"));
        }

        console.Write(table);
        string verdict = report.DatasetDrift ? "DETECTED" : "not detected";
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Dataset drift {verdict}: {report.DriftedColumns} of {report.Columns.Count} columns drifted (share {report.Share:0.###}, threshold {report.DriftShare:0.###}; correction {report.Correction}; {report.ReferenceRows} reference rows, {report.CurrentRows} current rows, from {report.Source})."));
        foreach (SkippedColumn s in report.Skipped)
        {
            console.WriteLine($"Skipped {s.Column}: {s.Reason}");
        }
    }

    internal static string Number(double value) =>
        value != 0 && Math.Abs(value) < 1e-4
            ? value.ToString("0.###E+0", CultureInfo.InvariantCulture)
            : value.ToString("0.####", CultureInfo.InvariantCulture);
}
