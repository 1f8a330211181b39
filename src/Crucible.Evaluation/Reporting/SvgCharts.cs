using System.Globalization;
using System.Text;
using Crucible.Evaluation.Evaluation;

namespace Crucible.Evaluation.Reporting;

/// <summary>The report's charts, each a self-contained inline SVG element.</summary>
internal static class SvgCharts
{
    public static string Roc(EvaluationCurves curves, double? auc) =>
        new SvgPlot("roc-chart", "ROC curve", "False positive rate", "True positive rate")
            .Curve([0.0, 1.0], [0.0, 1.0], "diagonal")
            .Curve(curves.RocFpr, curves.RocTpr, "curve")
            .Note(auc is { } a ? string.Create(CultureInfo.InvariantCulture, $"AUC = {a:0.0000}") : string.Empty)
            .ToString();

    public static string PrecisionRecall(EvaluationCurves curves, double? averagePrecision) =>
        new SvgPlot("pr-chart", "Precision-recall curve", "Recall", "Precision")
            .Curve(curves.PrRecall, curves.PrPrecision, "curve")
            .Note(averagePrecision is { } ap ? string.Create(CultureInfo.InvariantCulture, $"AP = {ap:0.0000}") : string.Empty)
            .ToString();

    public static string Calibration(EvaluationCurves curves) =>
        new SvgPlot("calibration-chart", "Calibration (10 bins)", "Mean predicted probability", "Fraction of positives")
            .Curve([0.0, 1.0], [0.0, 1.0], "diagonal")
            .Curve(curves.CalibrationMeanPredicted, curves.CalibrationFractionPositive, "curve", markers: true)
            .Note(curves.ExpectedCalibrationError is { } ece ? string.Create(CultureInfo.InvariantCulture, $"ECE = {ece:0.0000}") : string.Empty)
            .ToString();

    /// <summary>Rows = true class, columns = predicted; cell colour by share of its row.</summary>
    public static string ConfusionMatrix(EvaluationCurves curves)
    {
        var k = curves.ConfusionMatrix.Count;
        var cell = Math.Max(24, Math.Min(70, 280 / Math.Max(k, 1)));
        const int left = 90;
        const int top = 50;
        var width = left + (k * cell) + 20;
        var height = top + (k * cell) + 40;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"confusion-chart\" class=\"chart\" role=\"img\" aria-label=\"Confusion matrix\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"title\" x=\"{width / 2}\" y=\"18\" text-anchor=\"middle\">Confusion matrix</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{left + (k * cell / 2)}\" y=\"{top - 20}\" text-anchor=\"middle\">Predicted</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"10\" y=\"{top + (k * cell / 2)}\">True</text>");
        for (var t = 0; t < k; t++)
        {
            var rowTotal = curves.ConfusionMatrix[t].Sum();
            var name = SvgPlot.Encode(t < curves.ClassNames.Count ? curves.ClassNames[t] : t.ToString(CultureInfo.InvariantCulture));
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{left - 6}\" y=\"{top + (t * cell) + (cell / 2) + 4}\" text-anchor=\"end\">{name}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{left + (t * cell) + (cell / 2)}\" y=\"{top - 4}\" text-anchor=\"middle\">{name}</text>");
            for (var p = 0; p < k; p++)
            {
                var value = curves.ConfusionMatrix[t][p];
                var share = rowTotal > 0 ? value / rowTotal : 0.0;
                var lightness = 96 - (int)Math.Round(share * 60);
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"cell\" x=\"{left + (p * cell)}\" y=\"{top + (t * cell)}\" width=\"{cell}\" height=\"{cell}\" fill=\"hsl(210,70%,{lightness}%)\" stroke=\"#fff\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"count\" x=\"{left + (p * cell) + (cell / 2)}\" y=\"{top + (t * cell) + (cell / 2) + 4}\" text-anchor=\"middle\" fill=\"{(share > 0.6 ? "#fff" : "#111")}\">{value:0.##}</text>");
            }
        }

        return svg + "</svg>";
    }

    /// <summary>One horizontal bar per measured slice, with its bootstrap interval as a whisker; scaled to the largest value.</summary>
    public static string SliceBars(string column, string metric, IReadOnlyList<SliceResult> slices)
    {
        var measured = slices.Where(s => !s.Skipped && s.Metrics.ContainsKey(metric)).ToList();
        const int left = 150;
        const int bar = 22;
        const int plotWidth = 300;
        var height = 50 + (measured.Count * (bar + 8));
        var max = measured.Select(s => Math.Max(s.Metrics[metric], s.Intervals.TryGetValue(metric, out var i) ? i.Upper : 0.0)).DefaultIfEmpty(1.0).Max();
        max = max > 0 ? max : 1.0;
        var svg = new StringBuilder();
        var id = "slice-chart-" + new string(column.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart slice-chart\" role=\"img\" aria-label=\"{SvgPlot.Encode(metric)} by {SvgPlot.Encode(column)}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{left + plotWidth + 80}\" height=\"{height}\" viewBox=\"0 0 {left + plotWidth + 80} {height}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"title\" x=\"{(left + plotWidth) / 2}\" y=\"18\" text-anchor=\"middle\">{SvgPlot.Encode(metric)} by {SvgPlot.Encode(column)}</text>");
        for (var i = 0; i < measured.Count; i++)
        {
            var slice = measured[i];
            var y = 34 + (i * (bar + 8));
            var value = slice.Metrics[metric];
            var length = Math.Max(0.0, value / max * plotWidth);
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{left - 6}\" y=\"{y + 15}\" text-anchor=\"end\">{SvgPlot.Encode(slice.Value)} (n={slice.Count})</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"bar\" d=\"M{left},{y} h{length:0.##} v{bar} h{-length:0.##} Z\"/>");
            if (slice.Intervals.TryGetValue(metric, out var interval))
            {
                var lo = left + (Math.Max(0.0, interval.Lower) / max * plotWidth);
                var hi = left + (Math.Max(0.0, interval.Upper) / max * plotWidth);
                var mid = y + (bar / 2);
                svg.Append(CultureInfo.InvariantCulture, $"<path class=\"whisker\" d=\"M{lo:0.##},{mid} H{hi:0.##} M{lo:0.##},{mid - 6} V{mid + 6} M{hi:0.##},{mid - 6} V{mid + 6}\"/>");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{left + plotWidth + 8}\" y=\"{y + 15}\">{value:0.0000}</text>");
        }

        return svg + "</svg>";
    }
}
