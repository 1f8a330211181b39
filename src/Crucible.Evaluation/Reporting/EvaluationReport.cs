using System.Globalization;
using System.Text;
using Crucible.Evaluation.Evaluation;
using Crucible.Evaluation.Inputs;
using Crucible.Stats.Metrics;

namespace Crucible.Evaluation.Reporting;

/// <summary>
/// A self-contained HTML report of an <see cref="EvaluationResult"/>: inline CSS and inline SVG charts (ROC, precision-recall,
/// calibration, confusion matrix heat map, slice bars with interval whiskers), no scripts and no network access.
/// </summary>
public static class EvaluationReport
{
    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#222;background:#fff}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
        table{border-collapse:collapse;margin:6px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
        th{background:#f4f6f8}.num{text-align:right;font-variant-numeric:tabular-nums}
        .charts{display:flex;flex-wrap:wrap;gap:16px}.chart{background:#fcfcfc;border:1px solid #eee}
        .chart text{font-size:11px;fill:#333}.chart .title{font-size:13px;font-weight:600}
        .curve{stroke:#1f77b4;stroke-width:2}.diagonal{stroke:#aaa;stroke-dasharray:4 4}.curve-point{fill:#1f77b4}
        .bar{fill:#6baed6}.whisker{stroke:#08306b;stroke-width:1.5;fill:none}
        .pass{color:#fff;background:#2ca02c;padding:1px 6px;border-radius:3px}.fail{color:#fff;background:#d62728;padding:1px 6px;border-radius:3px}
        """;

    /// <summary>Renders the report as one HTML document.</summary>
    public static string Render(EvaluationResult result, string title = "Crucible evaluation report")
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{SvgPlot.Encode(title)}</title><style>{Css}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>{SvgPlot.Encode(title)}</h1><p>Task: {result.Task.ToString().ToLowerInvariant()} · rows: {result.RowCount}");
        if (result.Bootstrap is { } b)
        {
            html.Append(CultureInfo.InvariantCulture, $" · intervals: {b.ConfidenceLevel * 100:0.##}% percentile bootstrap, {b.Resamples} resamples, seed {b.Seed}");
        }

        html.Append("</p>");
        if (result.Gate is { } gate)
        {
            html.Append("<h2>Gate</h2>").Append(HtmlTables.Gate(gate));
        }

        html.Append("<h2>Metrics</h2>").Append(HtmlTables.Metrics(result.Metrics, result.Intervals));
        if (result.Curves is { } curves)
        {
            html.Append("<h2>Charts</h2><div class=\"charts\">");
            if (curves.RocFpr.Count > 0)
            {
                html.Append(SvgCharts.Roc(curves, Get(result, MetricNames.RocAuc)));
                html.Append(SvgCharts.PrecisionRecall(curves, Get(result, MetricNames.AveragePrecision)));
                html.Append(SvgCharts.Calibration(curves));
            }

            html.Append(SvgCharts.ConfusionMatrix(curves)).Append("</div>");
        }

        if (result.Comparison is { } comparison)
        {
            html.Append("<h2>Challenger vs champion</h2>").Append(HtmlTables.Comparison(comparison));
        }

        if (result.Slices.Count > 0)
        {
            var metric = HeadlineMetric(result);
            html.Append("<h2>Slices</h2><div class=\"charts\">");
            foreach (var column in result.Slices.Select(s => s.Column).Distinct())
            {
                html.Append(SvgCharts.SliceBars(column, metric, [.. result.Slices.Where(s => s.Column == column)]));
            }

            html.Append("</div>").Append(HtmlTables.Slices(result.Slices, metric));
        }

        if (result.Fairness is { } fairness)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>Fairness over '{SvgPlot.Encode(fairness.SensitiveColumn)}'</h2>").Append(HtmlTables.Fairness(fairness));
        }

        return html.Append("</body></html>\n").ToString();
    }

    /// <summary>Writes the report to a file.</summary>
    public static void Write(string path, EvaluationResult result, string title = "Crucible evaluation report") =>
        File.WriteAllText(path, Render(result, title));

    /// <summary>The metric shown in slice charts: roc_auc (binary), accuracy (multiclass), mean_absolute_error (regression).</summary>
    internal static string HeadlineMetric(EvaluationResult result) => result.Task switch
    {
        EvaluationTask.Binary when result.Metrics.ContainsKey(MetricNames.RocAuc) => MetricNames.RocAuc,
        EvaluationTask.Regression => MetricNames.MeanAbsoluteError,
        _ => MetricNames.Accuracy,
    };

    private static double? Get(EvaluationResult result, string metric) =>
        result.Metrics.TryGetValue(metric, out var value) ? value : null;
}
