using System.Globalization;
using System.Net;
using System.Text;

namespace Crucible.Monitoring.Reports;

/// <summary>Minimal inline SVG charts (no scripts, no external assets).</summary>
internal static class SvgCharts
{
    public const string ReferenceColor = "#4c78a8";
    public const string CurrentColor = "#f58518";

    /// <summary>Side-by-side bars of two share series over labelled bins.</summary>
    public static string PairedBars(IReadOnlyList<string> labels, IReadOnlyList<double> reference, IReadOnlyList<double> current, int width = 560, int height = 200)
    {
        const int left = 40, bottom = 36, top = 10;
        double max = Math.Max(1e-12, reference.Concat(current).DefaultIfEmpty(0).Max());
        double plotH = height - bottom - top;
        double slot = (width - left - 10) / (double)Math.Max(1, labels.Count);
        var svg = Open(width, height);
        Axis(svg, left, top, width, height - bottom, max, "share");
        for (int i = 0; i < labels.Count; i++)
        {
            double x = left + (i * slot);
            double bw = Math.Max(1, (slot / 2) - 1);
            Bar(svg, x + 1, height - bottom, bw, reference[i] / max * plotH, ReferenceColor, $"{labels[i]}: reference {F(reference[i])}");
            Bar(svg, x + 1 + bw, height - bottom, bw, current[i] / max * plotH, CurrentColor, $"{labels[i]}: current {F(current[i])}");
            if (i % ((labels.Count + 7) / 8) == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + (slot / 2))}\" y=\"{height - bottom + 14}\" font-size=\"10\" text-anchor=\"middle\">{Esc(Short(labels[i]))}</text>");
            }
        }

        Legend(svg, left, height - 6);
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Horizontal bars of scores with a marker at 1 (the drift threshold).</summary>
    public static string ScoreBars(IReadOnlyList<(string Label, double Score, bool Drift, string Caption)> rows, double cap = 3.0)
    {
        const int rowH = 22, left = 150, width = 620;
        int height = (rows.Count * rowH) + 30;
        double plotW = width - left - 150;
        var svg = Open(width, height);
        for (int i = 0; i < rows.Count; i++)
        {
            (string label, double score, bool drift, string caption) = rows[i];
            double y = 10 + (i * rowH);
            double w = Math.Clamp(double.IsNaN(score) ? 0 : score, 0, cap) / cap * plotW;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{F(y + 14)}\" font-size=\"12\" text-anchor=\"end\">{Esc(Short(label, 22))}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{F(y + 3)}\" width=\"{F(w)}\" height=\"{rowH - 6}\" fill=\"{(drift ? "#d62728" : "#2ca02c")}\"><title>{Esc(caption)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(left + plotW + 6)}\" y=\"{F(y + 14)}\" font-size=\"11\">{Esc(caption)}</text>");
        }

        double x1 = left + (plotW / cap);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x1)}\" y1=\"5\" x2=\"{F(x1)}\" y2=\"{height - 18}\" stroke=\"#333\" stroke-dasharray=\"4 3\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x1)}\" y=\"{height - 5}\" font-size=\"10\" text-anchor=\"middle\">threshold</text>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A line over time (e.g. drifted share per window) with a dashed threshold.</summary>
    public static string Timeline(IReadOnlyList<(string Label, double Value, bool Flag)> points, double threshold, int width = 620, int height = 180)
    {
        const int left = 40, bottom = 30, top = 10;
        var svg = Open(width, height);
        Axis(svg, left, top, width, height - bottom, 1.0, "share");
        double plotH = height - bottom - top;
        double step = (width - left - 10) / (double)Math.Max(1, points.Count - 1);
        var path = new StringBuilder();
        for (int i = 0; i < points.Count; i++)
        {
            double x = left + (i * step), y = height - bottom - (Math.Clamp(points[i].Value, 0, 1) * plotH);
            path.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? 'M' : 'L')}{F(x)},{F(y)} ");
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"3\" fill=\"{(points[i].Flag ? "#d62728" : "#2ca02c")}\"><title>{Esc(points[i].Label)}: {F(points[i].Value)}</title></circle>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"{ReferenceColor}\"/>");
        double ty = height - bottom - (threshold * plotH);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{F(ty)}\" x2=\"{width - 10}\" y2=\"{F(ty)}\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>");
        if (points.Count > 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{height - 8}\" font-size=\"10\">{Esc(points[0].Label)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width - 10}\" y=\"{height - 8}\" font-size=\"10\" text-anchor=\"end\">{Esc(points[^1].Label)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    public static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Esc(string s) => WebUtility.HtmlEncode(s);

    private static StringBuilder Open(int width, int height) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">");

    private static void Axis(StringBuilder svg, int left, int top, int width, int baseline, double max, string label)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{baseline}\" x2=\"{width - 10}\" y2=\"{baseline}\" stroke=\"#999\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{baseline}\" stroke=\"#999\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{top + 8}\" font-size=\"10\" text-anchor=\"end\">{F(max)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{baseline}\" font-size=\"10\" text-anchor=\"end\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{(top + baseline) / 2}\" font-size=\"10\">{Esc(label)}</text>");
    }

    private static void Bar(StringBuilder svg, double x, double baseline, double w, double h, string color, string title) =>
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(baseline - h)}\" width=\"{F(w)}\" height=\"{F(h)}\" fill=\"{color}\"><title>{Esc(title)}</title></rect>");

    private static void Legend(StringBuilder svg, int x, int y)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y - 9}\" width=\"10\" height=\"10\" fill=\"{ReferenceColor}\"/><text x=\"{x + 14}\" y=\"{y}\" font-size=\"11\">reference</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 90}\" y=\"{y - 9}\" width=\"10\" height=\"10\" fill=\"{CurrentColor}\"/><text x=\"{x + 104}\" y=\"{y}\" font-size=\"11\">current</text>");
    }

    private static string Short(string s, int max = 14) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max - 1), "…");
}
