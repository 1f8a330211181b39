using System.Globalization;
using System.Text;
using Crucible.Core.Reporting;
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
        var html = ReportPage.Begin(title);
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

        html.Append("<h2>Missing values</h2>").Append(SvgCharts.HorizontalBars("missing-chart", "missing-chart", "Missing share per column",
            [.. profile.Columns.Select(c => new SvgBar(c.Name, c.MissingShare, string.Create(CultureInfo.InvariantCulture, $"{HtmlText.Percent(c.MissingShare)} ({c.NullCount:N0})")))], 1.0));
        html.Append("<h2>Columns</h2>").Append(ReportTables.Columns(profile)).Append("<div class=\"charts\">");
        for (int i = 0; i < profile.Columns.Count; i++)
        {
            html.Append(Column(i, profile.Columns[i]));
        }

        return ReportPage.End(html.Append("</div>"));
    }

    private static string Column(int index, ColumnProfile column)
    {
        var html = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"<section class=\"column\" id=\"column-{index}\"><h3>{HtmlText.Encode(column.Name, 60)}</h3><p>{column.Type.ToString().ToLowerInvariant()} · {column.Role.ToString().ToLowerInvariant()} · missing {HtmlText.Percent(column.MissingShare)}</p>"));
        if (column.Histogram is { } histogram)
        {
            html.Append(SvgCharts.Histogram(
                string.Create(CultureInfo.InvariantCulture, $"histogram-{index}"), $"Histogram of {column.Name}", histogram.Counts, histogram.Edges,
                string.Create(CultureInfo.InvariantCulture, $"{Shorten(column.Name)} ({histogram.Counts.Count} bins)")));
        }
        else if (column.TopValues.Count > 0)
        {
            var top = column.TopValues.Take(TopValues).ToList();
            html.Append(SvgCharts.HorizontalBars(string.Create(CultureInfo.InvariantCulture, $"top-values-{index}"), "top-values-chart", $"Top values of {column.Name}",
                [.. top.Select(v => new SvgBar(v.Value, v.Count, Caption(v.Count, column.NonNullCount)))], top[0].Count));
        }
        else
        {
            html.Append("<p>No values.</p>");
        }

        return html.Append("</section>").ToString();
    }

    private static string Shorten(string name) => name.Length <= 28 ? name : string.Concat(name.AsSpan(0, char.IsHighSurrogate(name[27]) ? 27 : 28), "…");

    private static string Caption(long count, long nonNull) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} ({HtmlText.Percent(nonNull == 0 ? 0 : (double)count / nonNull)})");
}
