using System.Globalization;
using System.Text;
using Crucible.Core.Reporting;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Pii;
using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Reporting;

/// <summary>The report's HTML tables; every file-derived string goes through <see cref="HtmlText.Encode"/>.</summary>
internal static class ReportTables
{
    /// <summary>Row numbers shown per check; the rest are counted.</summary>
    public const int ShownRows = 10;

    public static string Summary(DatasetProfile profile, CheckReport? checks)
    {
        var html = new StringBuilder("<table id=\"summary\" class=\"summary\"><tbody>");
        Row(html, "file", HtmlText.Encode(Path.GetFileName(profile.Source)));
        Row(html, "format", profile.Format.ToString().ToLowerInvariant());
        Row(html, "rows", profile.RowCount.ToString("N0", CultureInfo.InvariantCulture));
        Row(html, "columns", profile.Columns.Count.ToString(CultureInfo.InvariantCulture));
        Row(html, "size", HtmlText.Bytes(profile.Bytes));
        Row(html, "SHA-256", $"<code>{HtmlText.Encode(profile.Sha256)}</code>");
        if (checks is not null)
        {
            Row(html, "label", checks.Label is { } l ? HtmlText.Encode(l) : "none");
            Row(html, "reference", checks.Reference is { } r ? HtmlText.Encode(Path.GetFileName(r)) : "none");
            Row(html, "status", Badge(checks.Status));
        }

        return html + "</tbody></table>";
    }

    public static string Columns(DatasetProfile profile)
    {
        var html = new StringBuilder("<table id=\"columns\" class=\"columns\"><thead><tr><th>column</th><th>type</th><th>role</th><th>missing</th><th>distinct</th><th>min</th><th>mean</th><th>max</th></tr></thead><tbody>");
        foreach (ColumnProfile c in profile.Columns)
        {
            string distinct = (c.DistinctIsEstimate ? "≈" : "") + c.DistinctCount.ToString("N0", CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{HtmlText.Encode(c.Name)}</td><td>{Lower(c.Type)}</td><td>{Lower(c.Role)}</td><td class=\"num\">{c.NullCount:N0} ({HtmlText.Percent(c.MissingShare)})</td><td class=\"num\">{distinct}</td><td class=\"num\">{Maybe(c.Min)}</td><td class=\"num\">{Maybe(c.Mean)}</td><td class=\"num\">{Maybe(c.Max)}</td></tr>");
        }

        return html + "</tbody></table>";
    }

    public static string Checks(IReadOnlyList<CheckResult> results)
    {
        var html = new StringBuilder("<table id=\"checks\" class=\"checks\"><thead><tr><th>status</th><th>check</th><th>column</th><th>value</th><th>threshold</th><th>explanation</th><th>sample rows</th></tr></thead><tbody>");
        foreach (CheckResult r in results.OrderByDescending(r => r.Status))
        {
            string rows = string.Join(", ", r.Rows.Take(ShownRows).Select(n => n.ToString(CultureInfo.InvariantCulture)));
            if (r.Rows.Count > ShownRows)
            {
                rows += string.Create(CultureInfo.InvariantCulture, $" … (+{r.Rows.Count - ShownRows})");
            }

            html.Append(CultureInfo.InvariantCulture,
                $"<tr class=\"status-{Lower(r.Status)}\"><td>{Badge(r.Status)}</td><td><code>{HtmlText.Encode(r.Check)}</code></td><td>{HtmlText.Encode(r.Column ?? "")}</td><td class=\"num\">{HtmlText.Number(r.Value)}</td><td class=\"num\">{HtmlText.Number(r.Threshold)}</td><td>{HtmlText.Encode(r.Message)}</td><td>{rows}</td></tr>");
        }

        return html + "</tbody></table>";
    }

    public static string Pii(IReadOnlyList<PiiColumnResult> results)
    {
        var found = results.Where(r => r.Entity is not null).ToList();
        var html = new StringBuilder(found.Count == 0
            ? "<p id=\"pii-none\">No column reached the PII threshold.</p>"
            : string.Create(CultureInfo.InvariantCulture, $"<p>{found.Count} of {results.Count} columns hold personal data.</p>"));
        var matched = results.Where(r => r.Matched > 0).OrderByDescending(r => r.Entity is not null).ThenByDescending(r => r.Share).ToList();
        if (matched.Count == 0)
        {
            return html.ToString();
        }

        html.Append("<table id=\"pii\" class=\"pii\"><thead><tr><th>column</th><th>entity</th><th>share</th><th>95% interval</th><th>matched / non-missing</th></tr></thead><tbody>");
        foreach (PiiColumnResult r in matched)
        {
            (double low, double high) = r.ShareInterval();
            string entity = r.Entity is { } e ? $"<span class=\"warn\">{HtmlText.Encode(e)}</span>" : "below threshold";
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{HtmlText.Encode(r.Column)}</td><td>{entity}</td><td class=\"num\">{HtmlText.Percent(r.Share)}</td><td class=\"num\">[{HtmlText.Percent(low)}, {HtmlText.Percent(high)}]</td><td class=\"num\">{r.Matched:N0} / {r.NonNull:N0}</td></tr>");
        }

        return html + "</tbody></table>";
    }

    public static string Badge(CheckStatus status) => $"<span class=\"{Lower(status)}\">{Lower(status).ToUpperInvariant()}</span>";

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Maybe(double? value) => value is { } v ? HtmlText.Short(v) : "";

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>{name}</th><td>{value}</td></tr>");
}
