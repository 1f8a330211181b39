using System.Globalization;
using System.Text;
using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Reporting;

/// <summary>The report's charts: each a self-contained inline SVG element with one <c>rect</c> per bar.</summary>
internal static class SvgBars
{
    private const int LabelChars = 28;

    /// <summary>Vertical bars over the histogram's bins, scaled to the fullest bin; each bin carries a tooltip.</summary>
    public static string Histogram(string id, string column, NumericHistogram histogram)
    {
        const int width = 380, height = 210, left = 56, top = 28, plotWidth = 300, plotHeight = 140;
        var svg = Open(id, "histogram-chart", $"Histogram of {column}", width, height);
        Title(svg, width, $"Histogram of {column}");
        int bins = histogram.Counts.Count;
        long most = Math.Max(1, histogram.Counts.DefaultIfEmpty(0).Max());
        double slot = (double)plotWidth / Math.Max(1, bins);
        svg.Append(CultureInfo.InvariantCulture, $"<path class=\"axis-line\" d=\"M{left},{top} V{top + plotHeight} H{left + plotWidth}\" fill=\"none\"/>");
        for (int i = 0; i < bins; i++)
        {
            long count = histogram.Counts[i];
            double h = (double)count / most * plotHeight;
            string range = $"[{Html.Short(histogram.Edges[i])}, {Html.Short(histogram.Edges[i + 1])}{(i == bins - 1 ? "]" : ")")}";
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"bin\" x=\"{Html.C(left + (i * slot) + 1)}\" y=\"{Html.C(top + plotHeight - h)}\" width=\"{Html.C(Math.Max(1, slot - 2))}\" height=\"{Html.C(h)}\"><title>{Html.Text(range)}: {count}</title></rect>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{left - 4}\" y=\"{top + 4}\" text-anchor=\"end\">{most}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{left - 4}\" y=\"{top + plotHeight}\" text-anchor=\"end\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{left}\" y=\"{top + plotHeight + 14}\" text-anchor=\"start\">{Html.Text(Html.Short(histogram.Edges[0]))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{left + plotWidth}\" y=\"{top + plotHeight + 14}\" text-anchor=\"end\">{Html.Text(Html.Short(histogram.Edges[^1]))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{left + (plotWidth / 2)}\" y=\"{height - 8}\" text-anchor=\"middle\">{Html.Text(column, LabelChars)} ({bins} bins)</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// Horizontal bars, one per item, scaled so that <paramref name="scale"/> fills the plot; the label sits left
    /// of the bar (shortened), the caption right of it, and the full label is the bar's tooltip.
    /// </summary>
    public static string Bars(string id, string cssClass, string title, IReadOnlyList<(string Label, double Value, string Caption)> bars, double scale)
    {
        const int left = 190, top = 30, bar = 16, gap = 6, plotWidth = 240, width = left + plotWidth + 140;
        int height = top + (bars.Count * (bar + gap)) + 10;
        scale = scale > 0 ? scale : 1;
        var svg = Open(id, cssClass, title, width, height);
        Title(svg, width, title);
        for (int i = 0; i < bars.Count; i++)
        {
            (string label, double value, string caption) = bars[i];
            int y = top + (i * (bar + gap));
            double length = Math.Clamp(value / scale, 0, 1) * plotWidth;
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{left - 6}\" y=\"{y + 12}\" text-anchor=\"end\">{Html.Text(label, LabelChars)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{left}\" y=\"{y}\" width=\"{Html.C(length)}\" height=\"{bar}\"><title>{Html.Text(label)}: {Html.Text(caption)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"value\" x=\"{Html.C(left + length + 6)}\" y=\"{y + 12}\">{Html.Text(caption)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    private static StringBuilder Open(string id, string cssClass, string label, int width, int height) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"<svg id=\"{id}\" class=\"chart {cssClass}\" role=\"img\" aria-label=\"{Html.Text(label)}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");

    private static void Title(StringBuilder svg, int width, string title) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"title\" x=\"{width / 2}\" y=\"18\" text-anchor=\"middle\">{Html.Text(title, 60)}</text>");
}
