using System.Text;
using System.Text.RegularExpressions;
using Crucible.Evaluation.Models;
using Crucible.Evaluation.Reporting;

namespace Crucible.Evaluation.Tests.Reporting;

public sealed class SegmentReportTests
{
    private static Dataset Data()
    {
        // Segment 0: low spend, many visits; segment 1: high spend; segment 2 (a tenth of rows): long tenure.
        var csv = new StringBuilder("spend,visits,tenure\n");
        for (var i = 0; i < 100; i++)
        {
            csv.Append(i % 10 == 0 ? "50,5,900\n" : i % 2 == 0 ? "10,9,100\n" : "200,2,120\n");
        }

        return Dataset.ReadCsv(new StringReader(csv.ToString()), "customers", null);
    }

    private static int[] Segments() => [.. Enumerable.Range(0, 100).Select(i => i % 10 == 0 ? 2 : i % 2 == 0 ? 0 : 1)];

    [Fact]
    public void Profile_gives_sizes_means_and_standardized_distances()
    {
        var profile = SegmentReport.Profile(Data(), Segments());
        Assert.Equal([40, 50, 10], profile.Select(s => s.Size));
        Assert.Equal([10.0, 9, 100], profile[0].Means);
        Assert.True(profile[2].Standardized[2] > 2.5, "tenure distinguishes segment 2");
        Assert.True(profile[1].Standardized[0] > 0.9 && profile[0].Standardized[0] < -0.9);
    }

    [Fact]
    public void The_report_has_size_and_distinguishing_feature_charts_and_the_centroid_table()
    {
        var html = SegmentReport.Render(Data(), Segments(), "Customer <segments>");
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Customer &lt;segments&gt;", html, StringComparison.Ordinal);
        Assert.Contains("id=\"segment-sizes\"", html, StringComparison.Ordinal);
        var tenure = Regex.Match(html, "<svg id=\"segment-2-features\"[^>]*>(.*?)</svg>", RegexOptions.Singleline).Groups[1].Value;
        Assert.True(tenure.IndexOf("tenure", StringComparison.Ordinal) < tenure.IndexOf("spend", StringComparison.Ordinal), "tenure ranks first for segment 2");
        Assert.Contains("<th>segment 2</th>", html, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => SegmentReport.Profile(Data(), [1, 2]));
    }
}
