using Crucible.Monitoring.Drift;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Reports;
using Crucible.Monitoring.Tests.Cli;
using Crucible.Stats.Tests.Profiles;
using Crucible.TestSupport;

namespace Crucible.Monitoring.Tests.Reports;

public sealed class DriftHtmlReportTests
{
    [Fact]
    public void Report_is_self_contained_and_escapes_column_names()
    {
        var rng = new Random(42);
        var b1 = new ProfileBuilder();
        var b2 = new ProfileBuilder();
        for (int i = 0; i < 2_000; i++)
        {
            b1.Add("<script>x", ProfileData.Normal(rng));
            b2.Add("<script>x", ProfileData.Normal(rng) + 1);
            b1.Add("plan & tier", ProfileData.Colors[rng.Next(5)]);
            b2.Add("plan & tier", ProfileData.Colors[rng.Next(3)]);
            b1.Add("level", (double)rng.Next(4));
            b2.Add("level", (double)rng.Next(4));
        }

        DatasetProfile r = b1.Build(), c = b2.Build();
        DriftReport report = ProfileDrift.Compute(r, c);

        string html = DriftHtmlReport.Render(report, r, c);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;x", html, StringComparison.Ordinal);
        Assert.Contains("plan &amp; tier", html, StringComparison.Ordinal);
        Assert.Equal(1 + 3, html.Split("<svg").Length - 1);
        Assert.Contains("Dataset drift DETECTED", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.04, 0.05, true)]
    [InlineData(0.2, 0.05, false)]
    public void Score_crosses_one_exactly_at_the_threshold(double p, double threshold, bool above)
    {
        var c = new ColumnDrift("x", "ks", 0.1, p, threshold, above, "numeric", true);
        Assert.Equal(above, DriftHtmlReport.Score(c) >= 1);
        Assert.Equal(1.0, DriftHtmlReport.Score(c with { PValue = threshold }), 12);
        Assert.Equal(2.0, DriftHtmlReport.Score(new ColumnDrift("x", "psi", 0.2, null, 0.1, true, "numeric", false)), 12);
    }

    [Fact]
    public void Cli_writes_the_html_report_next_to_the_table()
    {
        using var dir = new TempDirectory();
        string path = dir.File("drift.html");

        (int code, string output, _) = CliRunner.Run(
            "drift", "--reference", CliRunner.Fixture("reference.csv"), "--current", CliRunner.Fixture("current_shifted.csv"), "--html", path);

        Assert.Equal(0, code);
        Assert.Contains("Dataset drift DETECTED", output, StringComparison.Ordinal);
        string html = File.ReadAllText(path);
        Assert.Contains("<h3>age</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<h3>plan</h3>", html, StringComparison.Ordinal);
    }
}
