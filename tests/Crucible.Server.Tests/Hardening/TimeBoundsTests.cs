using System.Diagnostics;
using System.Text.Json.Nodes;
using Crucible.Core.Errors;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Hardening;

/// <summary>
/// int64 boundaries of time bounds and durations (issue 13, item 3): each is refused at the edge with a 400 naming
/// the field, and the window loop that once ran without end (<c>performance?window_ms=int64 max</c>) answers at once.
/// </summary>
public sealed class TimeBoundsTests : IAsyncLifetime
{
    private const string Max = "9223372036854775807";
    private const string Min = "-9223372036854775808";

    private ServingServer _server = null!;
    private EdgeProbe _probe = null!;
    private string _monitor = string.Empty;

    public async Task InitializeAsync()
    {
        _server = new ServingServer();
        await _server.InitializeAsync();
        _server.Http.Timeout = TimeSpan.FromSeconds(10);
        _probe = new EdgeProbe(_server.Http);
        var version = await _server.RegisterAsync("bounds", ServingServer.Fixture("linear_classifier.onnx"));
        await _server.DeployAsync(new JsonObject { ["name"] = "bounds", ["routes"] = new JsonArray(new JsonObject { ["model"] = "bounds", ["version"] = version }) });
        var monitor = await _server.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject { ["deployment"] = "bounds", ["reference_start"] = 0, ["reference_end"] = 3_600_000 });
        _monitor = (string)monitor["monitor"]!["id"]!;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("start_ms=" + Min, "start_ms")]
    [InlineData("window_ms=" + Max, "window_ms")]
    [InlineData("start_ms=0&end_ms=" + Max, "end_ms")]
    [InlineData("reference_start_ms=-1&reference_end_ms=1000", "reference_start_ms")]
    [InlineData("window_ms=999", "window_ms")]
    public async Task Performance_refuses_out_of_range_bounds_at_once(string query, string field)
    {
        var watch = Stopwatch.StartNew();
        var answer = await _probe.SendAsync("GET", "/api/crucible/v1/deployments/bounds/performance?" + query);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        AssertRefused(answer, field);
    }

    [Fact]
    public async Task Performance_accepts_the_largest_window_and_the_latest_bound()
    {
        var answer = await _probe.SendAsync("GET", $"/api/crucible/v1/deployments/bounds/performance?window_ms={Guard.MaxDurationMs}&end_ms={Guard.LatestEpochMs}&start_ms={Guard.LatestEpochMs - Guard.MaxDurationMs}");
        Assert.True(answer.Status == 200, answer.ToString());
    }

    [Theory]
    [InlineData("0", Max, "window_end")]
    [InlineData(Min, "1000", "window_start")]
    [InlineData("-1", "1000", "window_start")]
    public async Task A_monitor_run_refuses_out_of_range_windows(string start, string end, string field)
    {
        var answer = await _probe.SendAsync("POST", $"/api/crucible/v1/monitors/{_monitor}/run", $$"""{"window_start":{{start}},"window_end":{{end}}}""");
        AssertRefused(answer, field);
    }

    [Fact]
    public async Task A_monitor_window_is_at_most_ten_years()
    {
        AssertRefused(await CreateMonitorAsync(Max), "window_ms");
        AssertRefused(await CreateMonitorAsync((Guard.MaxDurationMs + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), "window_ms");
        var longest = await CreateMonitorAsync(Guard.MaxDurationMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(longest.Status == 200, longest.ToString());
    }

    [Theory]
    [InlineData("max_results=" + Max)]
    [InlineData("max_results=4294967297")]
    [InlineData("from=" + Min)]
    [InlineData("to=" + Max)]
    public async Task Prediction_listing_refuses_out_of_range_values(string query)
    {
        var answer = await _probe.SendAsync("GET", "/api/crucible/v1/deployments/bounds/predictions?" + query);
        Assert.True(answer.Status == 400, answer.ToString());
    }

    [Fact]
    public void The_bounds_accept_their_limits_and_refuse_one_past()
    {
        Assert.Equal(0, Guard.EpochMs(0, "t"));
        Assert.Equal(Guard.LatestEpochMs, Guard.EpochMs(Guard.LatestEpochMs, "t"));
        Assert.Equal(Guard.LatestEpochMs, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds());
        Assert.Throws<CrucibleException>(() => Guard.EpochMs(-1, "t"));
        Assert.Throws<CrucibleException>(() => Guard.EpochMs(Guard.LatestEpochMs + 1, "t"));
        Assert.Equal(Guard.MaxDurationMs, Guard.DurationMs(Guard.MaxDurationMs, "d"));
        Assert.Throws<CrucibleException>(() => Guard.DurationMs(Guard.MaxDurationMs + 1, "d"));
        Assert.Throws<CrucibleException>(() => Guard.DurationMs(0, "d"));
        Assert.Throws<CrucibleException>(() => Guard.DurationMs(999, "d", min: 1000));
    }

    private Task<EdgeAnswer> CreateMonitorAsync(string windowMs) =>
        _probe.SendAsync("POST", "/api/crucible/v1/monitors", $$"""{"deployment":"bounds","reference_start":0,"reference_end":3600000,"window_ms":{{windowMs}}}""");

    private static void AssertRefused(EdgeAnswer answer, string field)
    {
        Assert.True(answer.Status == 400, answer.ToString());
        Assert.Equal("application/problem+json", answer.ResponseType);
        Assert.Contains(field, (string)answer.Json!["detail"]!, StringComparison.Ordinal);
    }
}
