using System.Globalization;
using System.Text;
using Crucible.Core.Reporting;
using Crucible.Evaluation.Models;

namespace Crucible.Evaluation.Reporting;

/// <summary>
/// A self-contained HTML report of a segmentation (a clustering model's segment per row of a dataset): each segment's
/// size as bars, the centroid profile (every feature's mean per segment, beside the overall mean), and what
/// distinguishes each segment: its features ranked by how far the segment's mean lies from the overall mean, in overall
/// standard deviations. Built with the shared report kit, like the evaluation report.
/// </summary>
public static class SegmentReport
{
    /// <summary>How many features the "what distinguishes" chart of each segment shows.</summary>
    public const int DistinguishingFeatures = 5;

    /// <summary>One segment: its id, size, share, feature means and the features' standardized distances from the overall mean.</summary>
    public sealed record Segment(int Id, int Size, double Share, IReadOnlyList<double> Means, IReadOnlyList<double> Standardized);

    /// <summary>Sizes and profiles of the segments in <paramref name="segments"/> (one per row of <paramref name="data"/>).</summary>
    public static IReadOnlyList<Segment> Profile(Dataset data, IReadOnlyList<int> segments)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count != data.RowCount || data.RowCount == 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{segments.Count} segments for {data.RowCount} rows; give one segment per row."), nameof(segments));
        }

        var d = data.FeatureNames.Count;
        var overall = new double[d];
        var squares = new double[d];
        for (var r = 0; r < data.RowCount; r++)
        {
            for (var j = 0; j < d; j++)
            {
                overall[j] += data.Features[(r * d) + j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            overall[j] /= data.RowCount;
        }

        for (var r = 0; r < data.RowCount; r++)
        {
            for (var j = 0; j < d; j++)
            {
                var c = data.Features[(r * d) + j] - overall[j];
                squares[j] += c * c;
            }
        }

        var sd = squares.Select(s => Math.Sqrt(s / data.RowCount)).ToArray();
        return [.. Enumerable.Range(0, data.RowCount).GroupBy(r => segments[r]).OrderBy(g => g.Key).Select(g =>
        {
            var means = new double[d];
            foreach (var r in g)
            {
                for (var j = 0; j < d; j++)
                {
                    means[j] += data.Features[(r * d) + j];
                }
            }

            var size = g.Count();
            for (var j = 0; j < d; j++)
            {
                means[j] /= size;
            }

            return new Segment(g.Key, size, (double)size / data.RowCount, means, [.. means.Select((m, j) => sd[j] > 0 ? (m - overall[j]) / sd[j] : 0)]);
        })];
    }

    /// <summary>Renders the report as one HTML document.</summary>
    public static string Render(Dataset data, IReadOnlyList<int> segments, string title = "Crucible segment report")
    {
        var profile = Profile(data, segments);
        var names = data.FeatureNames;
        var html = ReportPage.Begin(title);
        html.Append(CultureInfo.InvariantCulture, $"<p>{data.RowCount} rows · {profile.Count} segments · {names.Count} features</p>");
        html.Append("<h2>Segment sizes</h2><div class=\"charts\">");
        var largest = profile.Max(s => s.Share);
        html.Append(SvgCharts.HorizontalBars("segment-sizes", "segment-chart", "Share of rows per segment",
            [.. profile.Select(s => new SvgBar(Label(s), s.Share, string.Create(CultureInfo.InvariantCulture, $"{s.Size} ({HtmlText.Percent(s.Share)})")))], largest));
        html.Append("</div><h2>What distinguishes each segment</h2><div class=\"charts\">");
        foreach (var s in profile)
        {
            var top = Enumerable.Range(0, names.Count).OrderByDescending(j => Math.Abs(s.Standardized[j])).ThenBy(j => j).Take(DistinguishingFeatures).ToList();
            var scale = Math.Max(1.0, top.Select(j => Math.Abs(s.Standardized[j])).DefaultIfEmpty(1).Max());
            html.Append(SvgCharts.HorizontalBars(
                string.Create(CultureInfo.InvariantCulture, $"segment-{s.Id}-features"), "segment-chart",
                $"{Label(s)}: features furthest from the overall mean",
                [.. top.Select(j => new SvgBar(names[j], Math.Abs(s.Standardized[j]),
                    string.Create(CultureInfo.InvariantCulture, $"{(s.Standardized[j] >= 0 ? "+" : "−")}{Math.Abs(s.Standardized[j]):0.00} sd"),
                    s.Standardized[j] >= 0 ? "flag" : "ok"))],
                scale));
        }

        html.Append("</div><h2>Centroid profile</h2>").Append(CentroidTable(names, profile, data));
        return ReportPage.End(html);
    }

    /// <summary>Writes the report to a file.</summary>
    public static void Write(string path, Dataset data, IReadOnlyList<int> segments, string title = "Crucible segment report") =>
        File.WriteAllText(path, Render(data, segments, title));

    private static string Label(Segment s) => string.Create(CultureInfo.InvariantCulture, $"segment {s.Id}");

    private static string CentroidTable(IReadOnlyList<string> names, IReadOnlyList<Segment> profile, Dataset data)
    {
        var html = new StringBuilder("<table class=\"metrics\"><thead><tr><th>feature</th><th>all rows</th>");
        foreach (var s in profile)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{HtmlText.Encode(Label(s))}</th>");
        }

        html.Append("</tr></thead><tbody>");
        for (var j = 0; j < names.Count; j++)
        {
            var overall = profile.Sum(s => s.Means[j] * s.Size) / data.RowCount;
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlText.Encode(names[j])}</td><td class=\"num\">{HtmlText.Short(overall)}</td>");
            foreach (var s in profile)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{HtmlText.Short(s.Means[j])}</td>");
            }

            html.Append("</tr>");
        }

        return html + "</tbody></table>";
    }
}
