using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Reporting;
using Crucible.Evaluation.Tests.Harness;
using Crucible.TestSupport;

namespace Crucible.Evaluation.Tests.Reporting;

public sealed partial class EvaluationReportTests
{
    [Fact]
    public void The_report_is_self_contained_html_with_every_chart()
    {
        var html = EvaluationReport.Render(Result());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(ExternalReference(), html);
        foreach (var id in new[] { "roc-chart", "pr-chart", "calibration-chart", "confusion-chart", "slice-chart-group" })
        {
            Assert.Contains($"id=\"{id}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_regression_report_draws_predicted_against_actual_and_the_residuals()
    {
        double[] actual = [.. Enumerable.Range(0, 2500).Select(i => i / 10.0)];
        double[] predicted = [.. actual.Select((y, i) => y + (i % 7) - 3)];
        var result = Evaluator.Evaluate(PredictionTable.Regression(actual, predicted), new EvaluationSpec { Task = EvaluationTask.Regression });
        var html = EvaluationReport.Render(result);

        var scatter = Regex.Match(html, "<svg id=\"predicted-actual-chart\"[^>]*>(.*?)</svg>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(834, Regex.Matches(scatter, "class=\"curve-point\"").Count); // every 3rd of 2,500 rows
        Assert.Contains("id=\"residual-chart\"", html, StringComparison.Ordinal);
        Assert.Equal(2500, result.Curves!.ResidualCounts.Sum());
        Assert.Equal(-3, result.Curves.ResidualEdges[0], 9);
        Assert.Equal(3, result.Curves.ResidualEdges[^1], 9);
        Assert.DoesNotContain("confusion-chart", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Chromium_renders_the_report_with_its_charts_drawn()
    {
        using var dir = new TempDirectory();
        var report = dir.File("report.html");
        EvaluationReport.Write(report, Result(), "Churn model v7 <candidate>");
        var url = new Uri(report).AbsoluteUri;

        var dom = HeadlessChromium.Run(dir.File("profile-dom"), url, "--dump-dom");
        var screenshot = dir.File("report.png");
        HeadlessChromium.Run(dir.File("profile-shot"), url, "--screenshot=" + screenshot, "--window-size=1280,1800", "--hide-scrollbars");

        Assert.Contains("Churn model v7 &lt;candidate&gt;", dom, StringComparison.Ordinal);
        foreach (var id in new[] { "roc-chart", "pr-chart", "calibration-chart" })
        {
            var svg = Regex.Match(dom, $"<svg id=\"{id}\"[^>]*>(.*?)</svg>", RegexOptions.Singleline);
            Assert.True(svg.Success, $"{id} is not in the rendered DOM");
            var curve = Regex.Match(svg.Groups[1].Value, "<path class=\"curve\" d=\"(M[^\"]+)\"");
            Assert.True(curve.Success, $"{id} has no curve path");
            Assert.True(curve.Groups[1].Value.Split('L').Length >= 3, $"{id}'s curve has fewer than 3 points");
        }

        var confusion = Regex.Match(dom, "<svg id=\"confusion-chart\"[^>]*>(.*?)</svg>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(4, Regex.Matches(confusion, "<rect class=\"cell\"").Count);
        var slices = Regex.Match(dom, "<svg id=\"slice-chart-group\"[^>]*>(.*?)</svg>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(3, Regex.Matches(slices, "<rect class=\"bar\"").Count);
        Assert.Equal(3, Regex.Matches(slices, "<path class=\"whisker\" d=\"M[^\"]+\"").Count);

        var png = File.ReadAllBytes(screenshot);
        Assert.True(png.Length > 20_000, $"the screenshot is only {png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
    }

    internal static EvaluationResult Result()
    {
        var champion = Tables.Binary(300, seed: 4, labelSeed: 1);
        var challenger = Tables.Binary(300, seed: 8, labelSeed: 1);
        var spec = new EvaluationSpec
        {
            Columns = new PredictionColumns(Scores: ["score"]), SliceBy = ["group"], SensitiveColumn = "group", MinSliceSize = 20,
            Bootstrap = new BootstrapSettings(100, 1), Gate = "roc_auc >= champion.roc_auc - 0.005 and dp_ratio >= 0.8",
        };
        return Evaluator.Evaluate(challenger, spec, champion);
    }

    [GeneratedRegex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
