using System.Globalization;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Pii;
using Crucible.DataQuality.Profiling;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Crucible.Cli.Rendering;

/// <summary>Spectre tables for profiles, check reports and PII scans. Cells are plain text, never markup.</summary>
internal static class DataTables
{
    public static void Profile(IAnsiConsole console, DatasetProfile profile)
    {
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{profile.Source}: {profile.RowCount} rows, {profile.Columns.Count} columns, {profile.Bytes} bytes, sha256 {profile.Sha256}"));
        var table = Create("column", "type", "role", "nullable", "missing", "distinct", "min", "mean", "max", "top value");
        foreach (ColumnProfile c in profile.Columns)
        {
            string distinct = (c.DistinctIsEstimate ? "~" : string.Empty) + c.DistinctCount.ToString(CultureInfo.InvariantCulture);
            string top = c.TopValues.Count == 0 ? string.Empty : $"{c.TopValues[0].Value} ({Share(c.DominantShare)})";
            table.AddRow(Cells(c.Name, Lower(c.Type), Lower(c.Role), c.Nullable ? "yes" : "no", Share(c.MissingShare), distinct,
                Number(c.Min), Number(c.Mean), Number(c.Max), top));
        }

        console.Write(table);
    }

    public static void Checks(IAnsiConsole console, CheckReport report)
    {
        var table = Create("check", "column", "status", "value", "threshold", "explanation");
        foreach (CheckResult r in report.Results)
        {
            string message = r.Rows.Count == 0 ? r.Message : $"{r.Message} Rows: {string.Join(", ", r.Rows)}{(r.Rows.Count >= 50 ? ", …" : string.Empty)}.";
            var status = new Text(Lower(r.Status), new Style(r.Status switch
            {
                CheckStatus.Fail => Color.Red,
                CheckStatus.Warn => Color.Yellow,
                _ => Color.Green,
            }));
            table.AddRow(new Text(r.Check), new Text(r.Column ?? string.Empty), status, new Text(Number(r.Value)), new Text(Number(r.Threshold)), new Text(message));
        }

        console.Write(table);
        int fails = report.Results.Count(r => r.Status == CheckStatus.Fail);
        int warns = report.Results.Count(r => r.Status == CheckStatus.Warn);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{report.Profile.Source}: {report.Profile.RowCount} rows, {report.Results.Count} results, {fails} failed, {warns} warnings: {Lower(report.Status)}"));
    }

    public static void Pii(IAnsiConsole console, IReadOnlyList<PiiColumnResult> results, double threshold)
    {
        var table = Create("column", "entity", "share", "95% interval", "matched", "non-null");
        foreach (PiiColumnResult r in results)
        {
            (double low, double high) = r.ShareInterval();
            table.AddRow(Cells(r.Column, r.Entity ?? "-", Share(r.Share), $"{Share(low)} – {Share(high)}",
                r.Matched.ToString(CultureInfo.InvariantCulture), r.NonNull.ToString(CultureInfo.InvariantCulture)));
        }

        console.Write(table);
        int pii = results.Count(r => r.Entity is not null);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pii} of {results.Count} columns hold PII (threshold {Share(threshold)} of non-null values)."));
    }

    private static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (string header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header, new Style(decoration: Decoration.Bold))));
        }

        return table;
    }

    private static IRenderable[] Cells(params string[] values) => [.. values.Select(v => (IRenderable)new Text(v))];

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Share(double share) => share.ToString("0.##%", CultureInfo.InvariantCulture);

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : string.Empty;
}
