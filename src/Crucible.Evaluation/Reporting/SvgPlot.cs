using System.Globalization;
using System.Net;
using System.Text;

namespace Crucible.Evaluation.Reporting;

/// <summary>Draws a unit-square line chart as inline SVG: frame, ticks at 0, 0.25, ..., 1, axis titles and curves.</summary>
internal sealed class SvgPlot
{
    public const int Width = 360;
    public const int Height = 300;
    private const int Left = 50;
    private const int Top = 30;
    private const int PlotWidth = 290;
    private const int PlotHeight = 220;
    private readonly StringBuilder _svg = new();

    public SvgPlot(string id, string title, string xTitle, string yTitle)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"{id}\" class=\"chart\" role=\"img\" aria-label=\"{Encode(title)}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">");
        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"title\" x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\">{Encode(title)}</text>");
        _svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"frame\" x=\"{Left}\" y=\"{Top}\" width=\"{PlotWidth}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"#999\"/>");
        for (var k = 0; k <= 4; k++)
        {
            var v = k / 4.0;
            _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{X(v):0.#}\" y=\"{Top + PlotHeight + 14}\" text-anchor=\"middle\">{v:0.##}</text>");
            _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v:0.##}</text>");
        }

        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" x=\"{Left + (PlotWidth / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\">{Encode(xTitle)}</text>");
        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis\" transform=\"rotate(-90)\" x=\"{-(Top + (PlotHeight / 2))}\" y=\"14\" text-anchor=\"middle\">{Encode(yTitle)}</text>");
    }

    public static double X(double v) => Left + (Math.Clamp(v, 0.0, 1.0) * PlotWidth);

    public static double Y(double v) => Top + PlotHeight - (Math.Clamp(v, 0.0, 1.0) * PlotHeight);

    internal static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Adds a polyline through the finite points; markers draw a dot at each point.</summary>
    public SvgPlot Curve(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string cssClass, bool markers = false)
    {
        var path = new StringBuilder();
        for (var i = 0; i < Math.Min(xs.Count, ys.Count); i++)
        {
            if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i]))
            {
                continue;
            }

            path.Append(CultureInfo.InvariantCulture, $"{(path.Length == 0 ? "M" : " L")}{X(xs[i]):0.##},{Y(ys[i]):0.##}");
            if (markers)
            {
                _svg.Append(CultureInfo.InvariantCulture, $"<circle class=\"{cssClass}-point\" cx=\"{X(xs[i]):0.##}\" cy=\"{Y(ys[i]):0.##}\" r=\"3\"/>");
            }
        }

        if (path.Length > 0)
        {
            _svg.Append(CultureInfo.InvariantCulture, $"<path class=\"{cssClass}\" d=\"{path}\" fill=\"none\"/>");
        }

        return this;
    }

    public SvgPlot Note(string text)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"note\" x=\"{Left + PlotWidth - 6}\" y=\"{Top + PlotHeight - 8}\" text-anchor=\"end\">{Encode(text)}</text>");
        return this;
    }

    public override string ToString() => _svg + "</svg>";
}
