using System.Globalization;
using Crucible.Cli.Tests.Client;
using Crucible.Core.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible drift-report</c> against a real server.</summary>
public sealed class DriftReportCommandTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    private const long Hour = 3_600_000;
    private static readonly long Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private string Uri => server.Uri.ToString();

    [Fact]
    public async Task Writes_the_servers_html_report_of_drift_over_time()
    {
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("reported");
        Assert.Equal(0, (await Cli.RunAsync("deployments", "create", name, "--model", $"{model}/1", "--tracking-uri", Uri)).ExitCode);
        var rng = new Random(3);
        var records = Enumerable.Range(0, 300).Select(i =>
        {
            double x = (i >= 200 ? 4 : 0) + rng.NextDouble();
            string inputs = string.Create(CultureInfo.InvariantCulture, $$$"""{"x":{"datatype":"FP64","shape":[1],"data":[{{{x}}}]}}""");
            return new PredictionRecord($"r{i}", name, model, "1", Start + (i / 100 * Hour) + i, inputs, null, 1, false);
        }).ToList();
        await server.Services.GetRequiredService<IPredictionLogStore>().AppendPredictionsAsync(records, CancellationToken.None);
        string path = Path.Combine(Path.GetTempPath(), $"drift-{Guid.NewGuid():N}.html");
        try
        {
            var result = await Cli.RunAsync(
                "drift-report", name, "--start", "2026-01-01T01:00:00Z", "--end", "2026-01-01T03:00:00Z",
                "--reference-start", "2026-01-01T00:00:00Z", "--reference-end", "2026-01-01T01:00:00Z", "--out", path, "--tracking-uri", Uri);

            Assert.True(result.ExitCode == 0, result.Error);
            Assert.Contains($"Wrote {path}", result.Output, StringComparison.Ordinal);
            string html = await File.ReadAllTextAsync(path);
            Assert.Contains("1 of 2 windows with data drifted", html, StringComparison.Ordinal);
            Assert.Contains("first drift in the window starting 2026-01-01 02:00 UTC", html, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Bad_times_are_refused_before_a_request_and_server_refusals_exit_1()
    {
        var badTime = await Cli.RunAsync("drift-report", "x", "--start", "soon", "--end", "1", "--reference-start", "0", "--reference-end", "1", "--out", "r.html", "--tracking-uri", Uri);
        Assert.Equal(2, badTime.ExitCode);
        Assert.Contains("--start soon", badTime.Error, StringComparison.Ordinal);

        var unknown = await Cli.RunAsync("drift-report", TrackingServer.UniqueName("nope"), "--start", "0", "--end", "1000", "--reference-start", "0", "--reference-end", "1000", "--out", "r.html", "--tracking-uri", Uri);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("does not exist", unknown.Error, StringComparison.OrdinalIgnoreCase);
    }
}
