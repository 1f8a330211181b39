using System.Buffers.Binary;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Pii;
using Crucible.DataQuality.Profiling;
using Crucible.DataQuality.Reporting;
using Crucible.Evaluation.Tests.Reporting;
using Crucible.TestSupport;

namespace Crucible.DataQuality.Tests.Reporting;

public sealed partial class DataQualityReportTests
{
    private const string HostileColumn = "<b>\"score\" & 'rank'</b>";
    private const string HostileValue = "<script>alert(\"x\")</script>";

    [Fact]
    public void The_report_is_self_contained_with_a_chart_per_column_and_the_missing_chart()
    {
        CheckReport checks = DirtyChecks();
        string html = DataQualityReport.Render(checks, PiiScanner.Scan(FixturePaths.Of("dirty.csv")));

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalReference(), html);
        IReadOnlyList<ColumnProfile> columns = checks.Profile.Columns;
        Assert.Equal(columns.Count, Regex.Matches(Svg(html, "missing-chart"), "<rect class=\"bar\"").Count);
        for (int i = 0; i < columns.Count; i++)
        {
            string id = columns[i].Role == ColumnRole.Numeric ? $"histogram-{i}" : $"top-values-{i}";
            Assert.Contains($"<svg id=\"{id}\"", html, StringComparison.Ordinal);
        }

        Assert.Equal(checks.Results.Count, Regex.Matches(html, "<tr class=\"status-(pass|warn|fail)\">").Count);
        Assert.Contains("<tr class=\"status-fail\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"status-warn\">", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"status-pass\">", html, StringComparison.Ordinal);
        Assert.Contains("id=\"pii-none\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Pii_findings_list_the_detected_columns_with_their_entity()
    {
        string path = FixturePaths.Of("pii.csv");
        string html = DataQualityReport.Render(DatasetProfiler.Profile(path), PiiScanner.Scan(path));

        Assert.Contains("id=\"pii\"", html, StringComparison.Ordinal);
        Assert.Matches("<tr><td>card_number</td><td><span class=\"warn\">CREDIT_CARD</span></td>", html);
        Assert.DoesNotContain("id=\"checks\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_bins_hold_every_numeric_value()
    {
        DatasetProfile profile = DatasetProfiler.Profile(FixturePaths.Of("clean.csv"));
        foreach (ColumnProfile c in profile.Columns.Where(c => c.Role == ColumnRole.Numeric))
        {
            NumericHistogram h = c.Histogram!;
            Assert.Equal(c.NonNullCount, h.Counts.Sum());
            Assert.Equal(h.Counts.Count + 1, h.Edges.Count);
            Assert.True(h.Edges[0] <= c.Min && h.Edges[^1] >= c.Max);
        }

        Assert.All(profile.Columns.Where(c => c.Role != ColumnRole.Numeric), c => Assert.Null(c.Histogram));
        using var dir = new TempDirectory();
        NumericHistogram small = DatasetProfiler.Profile(Hostile(dir)).Columns[0].Histogram!;
        Assert.Equal([10L, 10, 10, 10, 10, 10], small.Counts); // integers 1..6: one bin per value
        Assert.Equal(6, Regex.Matches(Svg(DataQualityReport.Render(DatasetProfiler.Profile(Hostile(dir))), "histogram-0"), "<rect class=\"bin\"").Count);
    }

    [Fact]
    public void Column_names_and_values_are_escaped_and_every_chart_is_well_formed_xml()
    {
        using var dir = new TempDirectory();
        string path = Hostile(dir);
        string html = DataQualityReport.Render(
            DataChecker.Run(path, new CheckOptions { Label = "label" }), PiiScanner.Scan(path), "Report <for> \"Q3\"");

        Assert.DoesNotContain(HostileValue, html, StringComparison.Ordinal);
        Assert.DoesNotContain(HostileColumn, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;&quot;score&quot; &amp; &#39;rank&#39;&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<title>Report &lt;for&gt; &quot;Q3&quot;</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0001", html, StringComparison.Ordinal);
        MatchCollection charts = SvgElement().Matches(html);
        Assert.Equal(4, charts.Count); // missing + one per column
        foreach (Match chart in charts)
        {
            XElement svg = XElement.Parse(chart.Value);
            Assert.Equal("svg", svg.Name.LocalName);
        }
    }

    [Fact]
    public void Chromium_renders_every_chart_with_its_bars()
    {
        using var dir = new TempDirectory();
        CheckReport checks = DirtyChecks();
        string report = dir.File("report.html");
        DataQualityReport.Write(report, checks, PiiScanner.Scan(FixturePaths.Of("dirty.csv")), "Dirty <data>");
        string url = new Uri(report).AbsoluteUri;

        string dom = HeadlessChromium.Run(dir.File("profile-dom"), url, "--dump-dom");
        string screenshot = dir.File("report.png");
        HeadlessChromium.Run(dir.File("profile-shot"), url, "--screenshot=" + screenshot, "--window-size=1280,2400", "--hide-scrollbars");

        Assert.Contains("Dirty &lt;data&gt;", dom, StringComparison.Ordinal);
        IReadOnlyList<ColumnProfile> columns = checks.Profile.Columns;
        Assert.Equal(columns.Count + 1, SvgElement().Matches(dom).Count);
        Assert.Equal(columns.Count, Regex.Matches(Svg(dom, "missing-chart"), "<rect class=\"bar\"").Count);
        for (int i = 0; i < columns.Count; i++)
        {
            ColumnProfile c = columns[i];
            if (c.Histogram is { } h)
            {
                string svg = Svg(dom, $"histogram-{i}");
                Assert.Equal(h.Counts.Count, Regex.Matches(svg, "<rect class=\"bin\"").Count);
                Assert.Contains(Regex.Matches(svg, "<rect class=\"bin\"[^>]* height=\"([0-9.]+)\"").Select(m => m.Groups[1].Value), v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) > 100);
            }
            else
            {
                Assert.Equal(Math.Min(c.TopValues.Count, DataQualityReport.TopValues), Regex.Matches(Svg(dom, $"top-values-{i}"), "<rect class=\"bar\"").Count);
            }
        }

        byte[] png = File.ReadAllBytes(screenshot);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.True(png.Length > 40_000, $"the screenshot is only {png.Length} bytes");
    }

    [Fact]
    public void Cli_check_and_profile_write_the_report()
    {
        using var dir = new TempDirectory();
        string checkReport = dir.File("check.html");
        string profileReport = dir.File("profile.html");

        var check = CliTests.Run("data", "check", FixturePaths.Of("dirty.csv"), "--label", "label", "--report", checkReport);
        var profile = CliTests.Run("data", "profile", FixturePaths.Of("clean.csv"), "--report", profileReport);

        Assert.Equal(1, check.Code);
        Assert.Contains("<tr class=\"status-fail\">", File.ReadAllText(checkReport), StringComparison.Ordinal);
        Assert.Equal(0, profile.Code);
        string html = File.ReadAllText(profileReport);
        Assert.Contains("id=\"missing-chart\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"checks\"", html, StringComparison.Ordinal);
        Assert.Equal(2, CliTests.Run("data", "profile", FixturePaths.Of("clean.csv"), "--report", dir.File("no/such/dir/r.html")).Code);
    }

    private static CheckReport DirtyChecks() =>
        DataChecker.Run(FixturePaths.Of("dirty.csv"), new CheckOptions { Label = "label", Reference = FixturePaths.Of("train_reference.csv") });

    // Columns: a hostile-named integer column (values 1..6), a categorical column with markup, quotes and a
    // control character among its values, and a label.
    private static string Hostile(TempDirectory dir)
    {
        string path = dir.File("hostile.csv");
        var lines = new List<string> { $"\"{HostileColumn.Replace("\"", "\"\"", StringComparison.Ordinal)}\",kind,label" };
        for (int i = 0; i < 60; i++)
        {
            string kind = (i % 3) switch { 0 => $"\"{HostileValue.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", 1 => "a\u0001b", _ => "\"it's \"\"quoted\"\"\"" };
            lines.Add($"{(i % 6) + 1},{kind},{(i % 2 == 0 ? "yes" : "no")}");
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Svg(string html, string id)
    {
        Match m = Regex.Match(html, $"<svg id=\"{id}\"[^>]*>(.*?)</svg>", RegexOptions.Singleline);
        Assert.True(m.Success, $"{id} is not in the document");
        return m.Groups[1].Value;
    }

    [GeneratedRegex("<svg [^>]*>.*?</svg>", RegexOptions.Singleline)]
    private static partial Regex SvgElement();

    [GeneratedRegex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
