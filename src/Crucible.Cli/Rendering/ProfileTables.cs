using System.Globalization;
using Crucible.Monitoring.Profiles;
using Spectre.Console;

namespace Crucible.Cli.Rendering;

/// <summary>Renders a profile summary: one row per column.</summary>
internal static class ProfileTables
{
    public static void Write(IAnsiConsole console, ProfileSummary summary, string? blobPath)
    {
        Table table = Tables.Create("Column", "Kind", "Count", "Nulls", "NaN/inf", "Distinct", "Mean", "Std", "Min", "Median", "Max", "Top");
        foreach (ColumnSummary c in summary.Columns)
        {
            table.AddRow(Tables.Cells(
                c.Name,
                c.Kind,
                Int(c.Count),
                Int(c.Nulls),
                Int(c.NaN + c.Infinite),
                c.Distinct.ToString("0", CultureInfo.InvariantCulture),
                Num(c.Mean),
                Num(c.Std),
                Num(c.Min),
                Num(c.Median),
                Num(c.Max),
                string.Join(" | ", c.Top)));
        }

        console.Write(table);
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{summary.RowCount} rows, {summary.Columns.Count} columns{(blobPath is null ? string.Empty : $"; profile written to {blobPath}")}."));
    }

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double? value) => value is { } v ? DriftTables.Number(v) : "-";
}
