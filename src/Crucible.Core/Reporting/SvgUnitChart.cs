using System.Globalization;
using System.Text;

namespace Crucible.Core.Reporting;

/// <summary>A line chart over the unit square (ROC, precision-recall, calibration): frame, ticks at 0, 0.25, …, 1, axis titles and curves.</summary>
public sealed class SvgUnitChart
{
    private const int Width = 360, Height = 300, Left = 50, Top = 30, PlotWidth = 290, PlotHeight = 220;
    private readonly SvgCanvas _svg;

    /// <summary>Starts the chart.</summary>
    public SvgUnitChart(string id, string title, string xTitle, string yTitle)
    {
        _svg = new SvgCanvas(id, null, title, Width, Height).Title(title);
        _svg.Rect("frame", Left, Top, PlotWidth, PlotHeight);
        for (int k = 0; k <= 4; k++)
        {
            double v = k / 4.0;
            string tick = v.ToString("0.##", CultureInfo.InvariantCulture);
            _svg.Text(X(v), Top + PlotHeight + 14, tick, anchor: "middle").Text(Left - 6, Y(v) + 4, tick, anchor: "end");
        }

        _svg.Text(Left + (PlotWidth / 2), Height - 6, xTitle, "axis", "middle")
            .Text(-(Top + (PlotHeight / 2)), 14, yTitle, "axis", "middle", rotate: true);
    }

    /// <summary>Adds a polyline through the finite points; markers draw a dot at each point.</summary>
    public SvgUnitChart Curve(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string cssClass, bool markers = false)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        var path = new StringBuilder();
        for (int i = 0; i < Math.Min(xs.Count, ys.Count); i++)
        {
            if (!double.IsFinite(xs[i]) || !double.IsFinite(ys[i]))
            {
                continue;
            }

            path.Append(CultureInfo.InvariantCulture, $"{(path.Length == 0 ? "M" : " L")}{SvgCanvas.C(X(xs[i]))},{SvgCanvas.C(Y(ys[i]))}");
            if (markers)
            {
                _svg.Circle(cssClass + "-point", X(xs[i]), Y(ys[i]), 3);
            }
        }

        if (path.Length > 0)
        {
            _svg.Path(cssClass, path.ToString());
        }

        return this;
    }

    /// <summary>Adds a dot at each finite point, with no line (a scatter plot).</summary>
    public SvgUnitChart Points(IReadOnlyList<double> xs, IReadOnlyList<double> ys, string cssClass)
    {
        ArgumentNullException.ThrowIfNull(xs);
        ArgumentNullException.ThrowIfNull(ys);
        for (var i = 0; i < Math.Min(xs.Count, ys.Count); i++)
        {
            if (double.IsFinite(xs[i]) && double.IsFinite(ys[i]))
            {
                _svg.Circle(cssClass + "-point", X(xs[i]), Y(ys[i]), 2);
            }
        }

        return this;
    }

    /// <summary>A note in the plot's lower right corner (e.g. "AUC = 0.91").</summary>
    public SvgUnitChart Note(string text)
    {
        _svg.Text(Left + PlotWidth - 6, Top + PlotHeight - 8, text, "note", "end");
        return this;
    }

    /// <inheritdoc/>
    public override string ToString() => _svg.ToString();

    private static double X(double v) => Left + (Math.Clamp(v, 0.0, 1.0) * PlotWidth);

    private static double Y(double v) => Top + PlotHeight - (Math.Clamp(v, 0.0, 1.0) * PlotHeight);
}
