using System.Globalization;
using Crucible.Core.Reporting;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Stats.Metrics;

namespace Crucible.Evaluation.Reporting;

/// <summary>
/// A self-contained HTML report of an <see cref="EvaluationResult"/>: the shared report stylesheet and inline SVG charts (ROC, precision-recall,
/// calibration, confusion matrix heat map, predicted-vs-actual scatter and residual histogram, slice bars with interval
/// whiskers), no scripts and no network access.
/// </summary>
public static class EvaluationReport
{
    /// <summary>Renders the report as one HTML document.</summary>
    public static string Render(EvaluationResult result, string title = "Crucible evaluation report")
    {
        ArgumentNullException.ThrowIfNull(result);
        var html = ReportPage.Begin(title);
        html.Append(CultureInfo.InvariantCulture, $"<p>Task: {result.Task.ToString().ToLowerInvariant()} · rows: {result.RowCount}");
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
                html.Append(EvaluationCharts.Roc(curves, Get(result, MetricNames.RocAuc)));
                html.Append(EvaluationCharts.PrecisionRecall(curves, Get(result, MetricNames.AveragePrecision)));
                html.Append(EvaluationCharts.Calibration(curves));
            }

            if (curves.ActualValues.Count > 0)
            {
                html.Append(EvaluationCharts.PredictedVsActual(curves)).Append(EvaluationCharts.Residuals(curves));
            }
            else
            {
                html.Append(EvaluationCharts.ConfusionMatrix(curves));
            }

            html.Append("</div>");
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
                html.Append(EvaluationCharts.SliceBars(column, metric, [.. result.Slices.Where(s => s.Column == column)]));
            }

            html.Append("</div>").Append(HtmlTables.Slices(result.Slices, metric));
        }

        if (result.Fairness is { } fairness)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>Fairness over '{HtmlText.Encode(fairness.SensitiveColumn)}'</h2>").Append(HtmlTables.Fairness(fairness));
        }

        return ReportPage.End(html);
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
