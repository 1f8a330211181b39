using System.Globalization;
using System.Text.RegularExpressions;
using Crucible.Core.Reporting;

namespace Crucible.Core.Tests.Reporting;

public sealed partial class ReportKitTests
{
    [Fact]
    public void Encode_escapes_markup_and_quotes_and_replaces_control_characters()
    {
        Assert.Equal("&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;\uFFFDx", HtmlText.Encode("<b a=\"1\" b='2'>&\u0001x"));
        Assert.Equal("a\tb\nc", HtmlText.Encode("a\tb\nc"));
    }

    [Fact]
    public void Encode_shortens_without_splitting_a_surrogate_pair()
    {
        Assert.Equal("abc…", HtmlText.Encode("abcdef", 3));
        string emoji = "ab\U0001F600cd"; // the pair sits at indices 2 and 3
        Assert.Equal("ab…", HtmlText.Encode(emoji, 3));
        Assert.Equal("ab&#128512;cd", HtmlText.Encode(emoji, 10)); // whole pairs are kept (and encoded as one character)
    }

    [Fact]
    public void Numbers_are_formatted_one_way_in_every_report()
    {
        Assert.Equal("0.1235", HtmlText.Number(0.123456));
        Assert.Equal("0.123456", HtmlText.Number(0.123456, 6));
        Assert.Equal("1.2E-5", HtmlText.Statistic(0.000012));
        Assert.Equal("0.0123", HtmlText.Statistic(0.0123));
        Assert.Equal("12.5%", HtmlText.Percent(0.125));
        Assert.Equal("1.5 KiB (1,536 bytes)", HtmlText.Bytes(1536));
        Assert.Equal("NaN", HtmlText.Number(double.NaN));
    }

    [Fact]
    public void Horizontal_bars_clamp_to_the_scale_and_draw_whiskers_and_the_marker()
    {
        string svg = SvgCharts.HorizontalBars("b", "scores", "Scores <1>", [
            new SvgBar("half", 1.5, "1.5"),
            new SvgBar("over", 9, "9", "flag"),
            new SvgBar("negative", -2, "-2", "ok", Low: 0.5, High: 2.5),
        ], scale: 3, marker: 1);

        double[] widths = [.. BarWidth().Matches(svg).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        Assert.Equal([120, 240, 0], widths); // the plot is 240 wide: 1.5/3, clamped 9/3, clamped -2/3
        Assert.Contains("class=\"bar flag\"", svg, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(svg, "<path class=\"whisker\""));
        Assert.Contains("<line class=\"marker\" x1=\"270\"", svg, StringComparison.Ordinal); // 190 + 240/3
        Assert.Contains("aria-label=\"Scores &lt;1&gt;\"", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_draws_one_bin_per_count_scaled_to_the_fullest()
    {
        string svg = SvgCharts.Histogram("h", "Histogram of x", [1, 4, 2], [0, 1, 2, 3], "x (3 bins)");
        double[] heights = [.. BinHeight().Matches(svg).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];
        Assert.Equal([35, 140, 70], heights);
        Assert.Contains("<title>[2, 3]: 2</title>", svg, StringComparison.Ordinal); // the last bin is closed
    }

    [Fact]
    public void A_page_is_one_self_contained_document_with_the_stylesheet()
    {
        string html = ReportPage.End(ReportPage.Begin("Drift & <co>").Append("<p>x</p>"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<title>Drift &amp; &lt;co&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains(".bar.flag", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.EndsWith("</body></html>\n", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<rect class=\"bar[^\"]*\" x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"([0-9.]+)\"")]
    private static partial Regex BarWidth();

    [GeneratedRegex("<rect class=\"bin\" [^>]*height=\"([0-9.]+)\"")]
    private static partial Regex BinHeight();
}
