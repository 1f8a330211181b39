using System.Globalization;
using System.Text;

namespace Crucible.Core.Reporting;

/// <summary>
/// One inline SVG element built from a few primitives. Every string drawn is encoded; colours come from classes of
/// <see cref="ReportPage.Stylesheet"/>, so charts need no inline styles.
/// </summary>
public sealed class SvgCanvas
{
    private readonly StringBuilder _svg = new();

    /// <summary>Opens <c>&lt;svg id class="chart …" role="img" aria-label&gt;</c> of the given size.</summary>
    public SvgCanvas(string? id, string? cssClass, string label, int width, int height)
    {
        Width = width;
        Height = height;
        string idAttribute = id is null ? string.Empty : $" id=\"{HtmlText.Encode(id)}\"";
        string classes = cssClass is null ? "chart" : "chart " + HtmlText.Encode(cssClass);
        _svg.Append(CultureInfo.InvariantCulture,
            $"<svg{idAttribute} class=\"{classes}\" role=\"img\" aria-label=\"{HtmlText.Encode(label)}\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
    }

    /// <summary>The canvas width in pixels.</summary>
    public int Width { get; }

    /// <summary>The canvas height in pixels.</summary>
    public int Height { get; }

    /// <summary>The chart's title, centred at the top (shortened past 60 characters).</summary>
    public SvgCanvas Title(string title) =>
        Raw($"<text class=\"title\" x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\">{HtmlText.Encode(title, 60)}</text>");

    /// <summary>A text element; <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> turns it by −90°.</summary>
    public SvgCanvas Text(double x, double y, string text, string cssClass = "tick", string anchor = "start", int maxChars = 0, bool rotate = false)
    {
        string transform = rotate ? " transform=\"rotate(-90)\"" : string.Empty;
        return Raw($"<text class=\"{cssClass}\"{transform} x=\"{C(x)}\" y=\"{C(y)}\" text-anchor=\"{anchor}\">{HtmlText.Encode(text, maxChars)}</text>");
    }

    /// <summary>A rectangle with an optional tooltip and an optional fill (only for computed colours such as heat maps).</summary>
    public SvgCanvas Rect(string cssClass, double x, double y, double width, double height, string? tooltip = null, string? fill = null)
    {
        string fillAttribute = fill is null ? string.Empty : $" fill=\"{fill}\"";
        string title = tooltip is null ? "/>" : $"><title>{HtmlText.Encode(tooltip)}</title></rect>";
        return Raw($"<rect class=\"{cssClass}\" x=\"{C(x)}\" y=\"{C(y)}\" width=\"{C(Math.Max(0, width))}\" height=\"{C(Math.Max(0, height))}\"{fillAttribute}{title}");
    }

    /// <summary>A path with the given data.</summary>
    public SvgCanvas Path(string cssClass, string data) => Raw($"<path class=\"{cssClass}\" d=\"{data}\"/>");

    /// <summary>A straight line.</summary>
    public SvgCanvas Line(string cssClass, double x1, double y1, double x2, double y2) =>
        Raw($"<line class=\"{cssClass}\" x1=\"{C(x1)}\" y1=\"{C(y1)}\" x2=\"{C(x2)}\" y2=\"{C(y2)}\"/>");

    /// <summary>A dot with an optional tooltip.</summary>
    public SvgCanvas Circle(string cssClass, double cx, double cy, double r, string? tooltip = null) =>
        Raw(tooltip is null
            ? $"<circle class=\"{cssClass}\" cx=\"{C(cx)}\" cy=\"{C(cy)}\" r=\"{C(r)}\"/>"
            : $"<circle class=\"{cssClass}\" cx=\"{C(cx)}\" cy=\"{C(cy)}\" r=\"{C(r)}\"><title>{HtmlText.Encode(tooltip)}</title></circle>");

    /// <summary>The finished element.</summary>
    public override string ToString() => _svg + "</svg>";

    internal static string C(double value) => HtmlText.Coordinate(value);

    private SvgCanvas Raw(string markup)
    {
        _svg.Append(markup);
        return this;
    }
}
