using System.Globalization;
using System.Text;

namespace Crucible.Core.Reporting;

/// <summary>A horizontal bar: its label (left), length, caption (right); a state class (<c>flag</c>, <c>ok</c>) and an interval whisker are optional.</summary>
public sealed record SvgBar(string Label, double Value, string Caption, string? State = null, double? Low = null, double? High = null);

/// <summary>A point of a timeline: its label (tooltip and axis ends), value in [0, 1] and whether it is flagged.</summary>
public sealed record SvgPoint(string Label, double Value, bool Flag);

/// <summary>The charts every report draws, each a self-contained inline SVG element built on <see cref="SvgCanvas"/>.</summary>
public static class SvgCharts
{
    private const int LabelChars = 28;

    /// <summary>
    /// Horizontal bars, one per item, scaled so that <paramref name="scale"/> fills the plot (values are clamped to
    /// [0, scale]); an interval draws a whisker; <paramref name="marker"/> draws a dashed line at that value.
    /// </summary>
    public static string HorizontalBars(string? id, string cssClass, string title, IReadOnlyList<SvgBar> bars, double scale, double? marker = null, string markerLabel = "threshold")
    {
        ArgumentNullException.ThrowIfNull(bars);
        const int left = 190, top = 30, bar = 16, gap = 6, plotWidth = 240, width = left + plotWidth + 150;
        int height = top + (bars.Count * (bar + gap)) + (marker is null ? 10 : 24);
        scale = scale > 0 && double.IsFinite(scale) ? scale : 1;
        double X(double v) => left + (Math.Clamp(double.IsNaN(v) ? 0 : v / scale, 0, 1) * plotWidth);
        var svg = new SvgCanvas(id, cssClass, title, width, height).Title(title);
        for (int i = 0; i < bars.Count; i++)
        {
            SvgBar b = bars[i];
            int y = top + (i * (bar + gap));
            double end = X(b.Value);
            svg.Text(left - 6, y + 12, b.Label, anchor: "end", maxChars: LabelChars);
            svg.Rect(b.State is null ? "bar" : "bar " + b.State, left, y, end - left, bar, $"{b.Label}: {b.Caption}");
            if (b.Low is { } low && b.High is { } high)
            {
                double lo = X(low), hi = X(high), mid = y + (bar / 2.0);
                svg.Path("whisker", string.Create(CultureInfo.InvariantCulture,
                    $"M{SvgCanvas.C(lo)},{SvgCanvas.C(mid)} H{SvgCanvas.C(hi)} M{SvgCanvas.C(lo)},{SvgCanvas.C(mid - 6)} V{SvgCanvas.C(mid + 6)} M{SvgCanvas.C(hi)},{SvgCanvas.C(mid - 6)} V{SvgCanvas.C(mid + 6)}"));
            }

            svg.Text(Math.Max(end, b.High is { } h ? X(h) : end) + 6, y + 12, b.Caption, "value");
        }

        if (marker is { } m)
        {
            double x = X(m);
            svg.Line("marker", x, top - 4, x, height - 18).Text(x, height - 5, markerLabel, anchor: "middle");
        }

        return svg.ToString();
    }

    /// <summary>Vertical bars over a histogram's bins (edges has one more entry than counts), each with its range and count as tooltip.</summary>
    public static string Histogram(string? id, string title, IReadOnlyList<long> counts, IReadOnlyList<double> edges, string axisTitle)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(edges);
        const int width = 380, height = 210, left = 56, top = 28, plotWidth = 300, plotHeight = 140;
        var svg = new SvgCanvas(id, "histogram-chart", title, width, height).Title(title);
        long most = Math.Max(1, counts.DefaultIfEmpty(0).Max());
        double slot = (double)plotWidth / Math.Max(1, counts.Count);
        svg.Path("axis-line", $"M{left},{top} V{top + plotHeight} H{left + plotWidth}");
        for (int i = 0; i < counts.Count; i++)
        {
            double h = (double)counts[i] / most * plotHeight;
            string range = $"[{HtmlText.Short(edges[i])}, {HtmlText.Short(edges[i + 1])}{(i == counts.Count - 1 ? "]" : ")")}";
            svg.Rect("bin", left + (i * slot) + 1, top + plotHeight - h, Math.Max(1, slot - 2), h, $"{range}: {counts[i]}");
        }

        svg.Text(left - 4, top + 4, most.ToString(CultureInfo.InvariantCulture), anchor: "end")
            .Text(left - 4, top + plotHeight, "0", anchor: "end");
        if (edges.Count > 0)
        {
            svg.Text(left, top + plotHeight + 14, HtmlText.Short(edges[0]))
                .Text(left + plotWidth, top + plotHeight + 14, HtmlText.Short(edges[^1]), anchor: "end");
        }

        return svg.Text(left + (plotWidth / 2), height - 8, axisTitle, "axis", "middle").ToString();
    }

    /// <summary>Side-by-side reference and current shares over labelled bins, with a legend.</summary>
    public static string PairedColumns(string? id, string title, IReadOnlyList<string> labels, IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        const int width = 570, height = 220, left = 52, bottom = 36, top = 26;
        double max = Math.Max(1e-12, reference.Concat(current).DefaultIfEmpty(0).Max());
        double plotHeight = height - bottom - top;
        double slot = (width - left - 10) / (double)Math.Max(1, labels.Count);
        var svg = new SvgCanvas(id, "paired-chart", title, width, height).Title(title);
        Axes(svg, left, top, width - 10, height - bottom, HtmlText.Number(max), "share");
        for (int i = 0; i < labels.Count; i++)
        {
            double x = left + (i * slot), bw = Math.Max(1, (slot / 2) - 1);
            double rh = reference[i] / max * plotHeight, ch = current[i] / max * plotHeight;
            svg.Rect("series-reference", x + 1, height - bottom - rh, bw, rh, $"{labels[i]}: reference {HtmlText.Number(reference[i])}");
            svg.Rect("series-current", x + 1 + bw, height - bottom - ch, bw, ch, $"{labels[i]}: current {HtmlText.Number(current[i])}");
            if (i % ((labels.Count + 7) / 8) == 0)
            {
                svg.Text(x + (slot / 2), height - bottom + 14, labels[i], anchor: "middle", maxChars: 13);
            }
        }

        return svg.Rect("series-reference", left, height - 15, 10, 10).Text(left + 14, height - 6, "reference")
            .Rect("series-current", left + 90, height - 15, 10, 10).Text(left + 104, height - 6, "current").ToString();
    }

    /// <summary>A line over time of values in [0, 1], flagged points in the flag colour, with a dashed threshold.</summary>
    public static string Timeline(string? id, string title, IReadOnlyList<SvgPoint> points, double threshold)
    {
        ArgumentNullException.ThrowIfNull(points);
        const int width = 620, height = 200, left = 44, bottom = 30, top = 26;
        var svg = new SvgCanvas(id, "timeline-chart", title, width, height).Title(title);
        Axes(svg, left, top, width - 10, height - bottom, "1", "share");
        double plotHeight = height - bottom - top;
        double step = (width - left - 10) / (double)Math.Max(1, points.Count - 1);
        var path = new StringBuilder();
        for (int i = 0; i < points.Count; i++)
        {
            double x = left + (i * step), y = height - bottom - (Math.Clamp(points[i].Value, 0, 1) * plotHeight);
            path.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? 'M' : 'L')}{SvgCanvas.C(x)},{SvgCanvas.C(y)} ");
            svg.Circle(points[i].Flag ? "point flag" : "point ok", x, y, 3, $"{points[i].Label}: {HtmlText.Number(points[i].Value)}");
        }

        if (path.Length > 0)
        {
            svg.Path("line", path.ToString().TrimEnd());
        }

        double ty = height - bottom - (Math.Clamp(threshold, 0, 1) * plotHeight);
        svg.Line("threshold", left, ty, width - 10, ty);
        if (points.Count > 0)
        {
            svg.Text(left, height - 8, points[0].Label).Text(width - 10, height - 8, points[^1].Label, anchor: "end");
        }

        return svg.ToString();
    }

    /// <summary>A square heat map (rows = true class, columns = predicted), each cell shaded by its share of its row.</summary>
    public static string Heatmap(string? id, string title, IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<double>> counts, string rowsTitle = "True", string columnsTitle = "Predicted")
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(counts);
        int k = counts.Count;
        int cell = Math.Max(24, Math.Min(70, 280 / Math.Max(k, 1)));
        const int left = 90, top = 50;
        var svg = new SvgCanvas(id, "heatmap-chart", title, left + (k * cell) + 20, top + (k * cell) + 40).Title(title);
        svg.Text(left + (k * cell / 2.0), top - 20, columnsTitle, "axis", "middle").Text(10, top + (k * cell / 2.0), rowsTitle, "axis");
        for (int t = 0; t < k; t++)
        {
            double rowTotal = counts[t].Sum();
            string name = t < names.Count ? names[t] : t.ToString(CultureInfo.InvariantCulture);
            svg.Text(left - 6, top + (t * cell) + (cell / 2.0) + 4, name, anchor: "end", maxChars: 14)
                .Text(left + (t * cell) + (cell / 2.0), top - 4, name, anchor: "middle", maxChars: 10);
            for (int p = 0; p < k; p++)
            {
                double value = counts[t][p], share = rowTotal > 0 ? value / rowTotal : 0.0;
                int lightness = 96 - (int)Math.Round(share * 60);
                string count = value.ToString("0.##", CultureInfo.InvariantCulture);
                svg.Rect("cell", left + (p * cell), top + (t * cell), cell, cell, $"{name} → {(p < names.Count ? names[p] : p)}: {count}", $"hsl(210,70%,{lightness}%)");
                svg.Text(left + (p * cell) + (cell / 2.0), top + (t * cell) + (cell / 2.0) + 4, count, share > 0.6 ? "count light" : "count", "middle");
            }
        }

        return svg.ToString();
    }

    private static void Axes(SvgCanvas svg, int left, int top, int right, int baseline, string max, string label)
    {
        svg.Line("axis-line", left, baseline, right, baseline).Line("axis-line", left, top, left, baseline)
            .Text(left - 4, top + 8, max, anchor: "end").Text(left - 4, baseline, "0", anchor: "end")
            .Text(4, (top + baseline) / 2.0, label);
    }
}
