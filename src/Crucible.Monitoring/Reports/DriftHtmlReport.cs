using System.Globalization;
using Crucible.Core.Reporting;
using Crucible.Monitoring.Drift;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Windows;

namespace Crucible.Monitoring.Reports;

/// <summary>
/// A self-contained HTML drift report (the shared report stylesheet and inline SVG, no scripts or external assets): the
/// dataset verdict, drift scores per column, reference vs current distributions per column
/// (from the profiles), and optionally the drifted share over time windows.
/// </summary>
public static class DriftHtmlReport
{
    /// <summary>Renders the report.</summary>
    public static string Render(
        DriftReport report,
        DatasetProfile reference,
        DatasetProfile current,
        IReadOnlyList<WindowDriftResult>? windows = null,
        string title = "Crucible drift report")
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        var html = ReportPage.Begin(title);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"{(report.DatasetDrift ? "drift" : "ok")}\">Dataset drift {(report.DatasetDrift ? "DETECTED" : "not detected")}: ")
            .Append(CultureInfo.InvariantCulture, $"{report.DriftedColumns} of {report.Columns.Count} columns drifted (share {HtmlText.Number(report.Share)}, threshold {HtmlText.Number(report.DriftShare)}).</p>")
            .Append(CultureInfo.InvariantCulture, $"<p>{report.ReferenceRows} reference rows, {report.CurrentRows} current rows; computed from {HtmlText.Encode(report.Source)}; correction {HtmlText.Encode(report.Correction)}.</p>");
        html.Append("<h2>Drift scores</h2><p>Bar length is the score relative to the column's threshold: statistic / threshold for distances, ln(p) / ln(threshold) for p-values; past the dashed line the column drifted.</p>");
        html.Append(SvgCharts.HorizontalBars(
            "drift-scores", "score-chart", "Drift score per column (1 = threshold)",
            [.. report.Columns.Select(c => new SvgBar(c.Column, Math.Min(Score(c), ScoreCap), Caption(c), c.Drift ? "flag" : "ok"))],
            ScoreCap,
            marker: 1));
        html.Append("<table><tr><th>Column</th><th>Kind</th><th>Test</th><th>Statistic</th><th>p-value</th><th>Threshold</th><th>Drift</th><th>Method</th></tr>");
        foreach (ColumnDrift c in report.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlText.Encode(c.Column)}</td><td>{c.Kind}</td><td>{HtmlText.Encode(c.Test)}</td><td>{Num(c.Statistic)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(c.PValue is { } p ? Num(p) : "-")}</td><td>{Num(c.Threshold)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"{(c.Drift ? "drift" : "ok")}\">{(c.Drift ? "✓ drift" : "✗ none")}</td><td>{(c.Exact ? "exact" : "sketch")}</td></tr>");
        }

        html.Append("</table>");
        foreach (SkippedColumn s in report.Skipped)
        {
            html.Append("<p>Skipped <b>").Append(HtmlText.Encode(s.Column)).Append("</b>: ").Append(HtmlText.Encode(s.Reason)).Append("</p>");
        }

        if (windows is { Count: > 0 })
        {
            double share = windows.FirstOrDefault(w => w.Report is not null)?.Report?.DriftShare ?? report.DriftShare;
            html.Append("<h2>Drifted share over time</h2>").Append(SvgCharts.Timeline(
                "drift-timeline",
                "Share of drifted columns per window",
                [.. windows.Select(w => new SvgPoint(w.Window.WindowStart.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), w.Report?.Share ?? 0, w.Report?.DatasetDrift ?? false))],
                share));
        }

        html.Append("<h2>Distributions</h2>");
        foreach (ColumnDrift c in report.Columns)
        {
            (string[] labels, double[] r, double[] cur) = Distributions.Of(reference[c.Column], current[c.Column], c.Kind == "numeric");
            html.Append("<section><h3>").Append(HtmlText.Encode(c.Column)).Append("</h3>")
                .Append(SvgCharts.PairedColumns(null, $"{c.Column}: reference vs current", labels, r, cur)).Append("</section>");
        }

        return ReportPage.End(html);
    }

    /// <summary>Scores are drawn up to this many times the threshold.</summary>
    private const double ScoreCap = 3.0;

    /// <summary>Score relative to the threshold: ≥ 1 means drift.</summary>
    internal static double Score(ColumnDrift c)
    {
        if (c.PValue is { } p)
        {
            double t = Math.Clamp(c.Threshold, 1e-300, 0.999999);
            return Math.Log(Math.Clamp(p, 1e-300, 1.0)) / Math.Log(t);
        }

        return c.Threshold > 0 ? c.Statistic / c.Threshold : double.PositiveInfinity;
    }

    private static string Caption(ColumnDrift c) =>
        c.PValue is { } p ? $"{c.Test} p={Num(p)}" : $"{c.Test} {Num(c.Statistic)}";

    private static string Num(double v) => HtmlText.Statistic(v);
}
