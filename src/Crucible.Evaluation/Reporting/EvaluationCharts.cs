using System.Globalization;
using Crucible.Core.Reporting;
using Crucible.Evaluation.Harness;

namespace Crucible.Evaluation.Reporting;

/// <summary>The evaluation report's charts, drawn with the shared report kit (<see cref="Crucible.Core.Reporting"/>).</summary>
internal static class EvaluationCharts
{
    public static string Roc(EvaluationCurves curves, double? auc) =>
        new SvgUnitChart("roc-chart", "ROC curve", "False positive rate", "True positive rate")
            .Curve([0.0, 1.0], [0.0, 1.0], "diagonal")
            .Curve(curves.RocFpr, curves.RocTpr, "curve")
            .Note(auc is { } a ? string.Create(CultureInfo.InvariantCulture, $"AUC = {a:0.0000}") : string.Empty)
            .ToString();

    public static string PrecisionRecall(EvaluationCurves curves, double? averagePrecision) =>
        new SvgUnitChart("pr-chart", "Precision-recall curve", "Recall", "Precision")
            .Curve(curves.PrRecall, curves.PrPrecision, "curve")
            .Note(averagePrecision is { } ap ? string.Create(CultureInfo.InvariantCulture, $"AP = {ap:0.0000}") : string.Empty)
            .ToString();

    public static string Calibration(EvaluationCurves curves) =>
        new SvgUnitChart("calibration-chart", "Calibration (10 bins)", "Mean predicted probability", "Fraction of positives")
            .Curve([0.0, 1.0], [0.0, 1.0], "diagonal")
            .Curve(curves.CalibrationMeanPredicted, curves.CalibrationFractionPositive, "curve", markers: true)
            .Note(curves.ExpectedCalibrationError is { } ece ? string.Create(CultureInfo.InvariantCulture, $"ECE = {ece:0.0000}") : string.Empty)
            .ToString();

    /// <summary>Predicted against true values on one scale (the range of both), with the diagonal a perfect model lies on.</summary>
    public static string PredictedVsActual(EvaluationCurves curves)
    {
        var all = curves.ActualValues.Concat(curves.PredictedValues).ToList();
        var (low, high) = (all.Min(), all.Max());
        var span = high > low ? high - low : 1.0;
        double[] Unit(IReadOnlyList<double> values) => [.. values.Select(v => (v - low) / span)];
        return new SvgUnitChart("predicted-actual-chart", "Predicted vs actual", "Actual", "Predicted")
            .Curve([0.0, 1.0], [0.0, 1.0], "diagonal")
            .Points(Unit(curves.ActualValues), Unit(curves.PredictedValues), "curve")
            .Note(string.Create(CultureInfo.InvariantCulture, $"both axes {HtmlText.Short(low)} to {HtmlText.Short(high)}"))
            .ToString();
    }

    /// <summary>The distribution of residuals (predicted − actual) over every row.</summary>
    public static string Residuals(EvaluationCurves curves) =>
        SvgCharts.Histogram("residual-chart", "Residuals (predicted − actual)", curves.ResidualCounts, curves.ResidualEdges, "Residual");

    /// <summary>Rows = true class, columns = predicted; cell colour by share of its row.</summary>
    public static string ConfusionMatrix(EvaluationCurves curves) =>
        SvgCharts.Heatmap("confusion-chart", "Confusion matrix", curves.ClassNames, curves.ConfusionMatrix);

    /// <summary>One horizontal bar per measured slice, with its bootstrap interval as a whisker; scaled to the largest value.</summary>
    public static string SliceBars(string column, string metric, IReadOnlyList<SliceResult> slices)
    {
        var measured = slices.Where(s => !s.Skipped && s.Metrics.ContainsKey(metric)).ToList();
        var max = measured.Select(s => Math.Max(s.Metrics[metric], s.Intervals.TryGetValue(metric, out var i) ? i.Upper : 0.0)).DefaultIfEmpty(1.0).Max();
        var id = "slice-chart-" + new string(column.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        var bars = measured.Select(s =>
        {
            var value = s.Metrics[metric];
            var interval = s.Intervals.GetValueOrDefault(metric);
            var label = string.Create(CultureInfo.InvariantCulture, $"{s.Value} (n={s.Count})");
            return new SvgBar(label, value, value.ToString("0.0000", CultureInfo.InvariantCulture), Low: interval?.Lower, High: interval?.Upper);
        }).ToList();
        return SvgCharts.HorizontalBars(id, "slice-chart", $"{metric} by {column}", bars, max > 0 ? max : 1.0);
    }
}
