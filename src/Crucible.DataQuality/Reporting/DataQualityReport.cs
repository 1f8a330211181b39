using System.Globalization;
using System.Text;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Pii;
using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Reporting;

/// <summary>
/// A self-contained HTML data-quality report: dataset summary, per-column statistics with a histogram (numeric
/// columns) or top-values chart (the others), a missing-value chart, the check results coloured by status and the
/// PII findings. Inline CSS and inline SVG only: no scripts, no network access. Chart ids: <c>missing-chart</c>,
/// <c>histogram-N</c> / <c>top-values-N</c> for column N (0-based, file order).
/// </summary>
public static class DataQualityReport
{
    /// <summary>Top values drawn per categorical, text, id or datetime column.</summary>
    public const int TopValues = 10;

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;background:#fff}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}h3{font-size:14px;margin:0 0 4px}
        table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
        th{background:#f4f6f8}.num{text-align:right;font-variant-numeric:tabular-nums}code{word-break:break-all}.checks code{white-space:nowrap;word-break:normal}
        .charts{display:flex;flex-wrap:wrap;gap:16px}.column{border:1px solid #eee;padding:8px}.chart{background:#fcfcfc;border:1px solid #eee}
        .chart text{font-size:11px;fill:#333}.chart .title{font-size:13px;font-weight:600}.axis-line{stroke:#999}
        .bin{fill:#4c78a8}.bar{fill:#6baed6}.missing-chart .bar{fill:#f58518}
        .pass,.warn,.fail{color:#fff;padding:1px 6px;border-radius:3px;font-weight:600}
        .pass{background:#2ca02c}.warn{background:#e6a100}.fail{background:#d62728}
        tr.status-pass td{background:#f1faf1}tr.status-warn td{background:#fff8e6}tr.status-fail td{background:#fdecea}
        """;

    /// <summary>The report of a profile, with the PII findings when given.</summary>
    public static string Render(DatasetProfile profile, IReadOnlyList<PiiColumnResult>? pii = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Render(profile, null, pii, title);
    }

    /// <summary>The report of a check run (its profile and results), with the PII findings when given.</summary>
    public static string Render(CheckReport checks, IReadOnlyList<PiiColumnResult>? pii = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        return Render(checks.Profile, checks, pii, title);
    }

    public static void Write(string path, DatasetProfile profile, IReadOnlyList<PiiColumnResult>? pii = null, string? title = null) =>
        File.WriteAllText(path, Render(profile, pii, title));

    public static void Write(string path, CheckReport checks, IReadOnlyList<PiiColumnResult>? pii = null, string? title = null) =>
        File.WriteAllText(path, Render(checks, pii, title));

    private static string Render(DatasetProfile profile, CheckReport? checks, IReadOnlyList<PiiColumnResult>? pii, string? title)
    {
        title ??= $"Data quality: {Path.GetFileName(profile.Source)}";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{Html.Text(title)}</title><style>{Css}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{Html.Text(title)}</h1>");
        html.Append("<h2>Dataset</h2>").Append(ReportTables.Summary(profile, checks));
        if (checks is not null)
        {
            int Count(CheckStatus s) => checks.Results.Count(r => r.Status == s);
            html.Append(CultureInfo.InvariantCulture, $"<h2>Checks</h2><p>{Count(CheckStatus.Fail)} failed, {Count(CheckStatus.Warn)} warned, {Count(CheckStatus.Pass)} passed.</p>");
            html.Append(ReportTables.Checks(checks.Results));
        }

        if (pii is not null)
        {
            html.Append("<h2>Personal data (PII)</h2>").Append(ReportTables.Pii(pii));
        }

        html.Append("<h2>Missing values</h2>").Append(SvgBars.Bars("missing-chart", "missing-chart", "Missing share per column",
            [.. profile.Columns.Select(c => (c.Name, c.MissingShare, string.Create(CultureInfo.InvariantCulture, $"{Html.Percent(c.MissingShare)} ({c.NullCount:N0})")))], 1.0));
        html.Append("<h2>Columns</h2>").Append(ReportTables.Columns(profile)).Append("<div class=\"charts\">");
        for (int i = 0; i < profile.Columns.Count; i++)
        {
            html.Append(Column(i, profile.Columns[i]));
        }

        return html.Append("</div></body></html>\n").ToString();
    }

    private static string Column(int index, ColumnProfile column)
    {
        var html = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"<section class=\"column\" id=\"column-{index}\"><h3>{Html.Text(column.Name, 60)}</h3><p>{column.Type.ToString().ToLowerInvariant()} · {column.Role.ToString().ToLowerInvariant()} · missing {Html.Percent(column.MissingShare)}</p>"));
        if (column.Histogram is { } histogram)
        {
            html.Append(SvgBars.Histogram(string.Create(CultureInfo.InvariantCulture, $"histogram-{index}"), column.Name, histogram));
        }
        else if (column.TopValues.Count > 0)
        {
            var top = column.TopValues.Take(TopValues).ToList();
            html.Append(SvgBars.Bars(string.Create(CultureInfo.InvariantCulture, $"top-values-{index}"), "top-values-chart", $"Top values of {column.Name}",
                [.. top.Select(v => (v.Value, (double)v.Count, Caption(v.Count, column.NonNullCount)))], top[0].Count));
        }
        else
        {
            html.Append("<p>No values.</p>");
        }

        return html.Append("</section>").ToString();
    }

    private static string Caption(long count, long nonNull) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} ({Html.Percent(nonNull == 0 ? 0 : (double)count / nonNull)})");
}
