using System.Text.Json;
using Crucible.Cli.Tests.Client;

namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible monitor</c> and <c>crucible alerts</c> against a real server.</summary>
public sealed class MonitorCommandTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    private string Uri => server.Uri.ToString();

    [Fact]
    public async Task Create_list_and_run_a_monitor_then_list_alerts()
    {
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("watched");
        Assert.Equal(0, (await Cli.RunAsync("deployments", "create", name, "--model", $"{model}/1", "--tracking-uri", Uri)).ExitCode);

        var created = await Cli.RunAsync(
            "monitor", "create", name, "--reference-start", "2026-01-01T00:00:00Z", "--reference-end", "2026-01-01T01:00:00Z",
            "--stattest", "psi", "--webhook-url", "http://127.0.0.1:1/hook", "--webhook-secret", "k", "--json", "--tracking-uri", Uri);
        Assert.True(created.ExitCode == 0, created.Error);
        using var json = JsonDocument.Parse(created.Output);
        var id = json.RootElement.GetProperty("monitor").GetProperty("id").GetString()!;
        Assert.Equal(1767225600000, json.RootElement.GetProperty("monitor").GetProperty("reference_start").GetInt64());
        Assert.True(json.RootElement.GetProperty("monitor").GetProperty("webhook_signed").GetBoolean());

        var list = await Cli.RunAsync("monitor", "list", "--deployment", name, "--tracking-uri", Uri);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id, list.Output, StringComparison.Ordinal);
        Assert.Contains("(signed)", list.Output, StringComparison.Ordinal);

        // No traffic was served: the run says so and exits 0.
        var run = await Cli.RunAsync("monitor", "run", id, "--window-start", "2026-01-01T01:00:00Z", "--window-end", "2026-01-01T02:00:00Z", "--tracking-uri", Uri);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("The reference window has no readable predictions.", run.Output, StringComparison.Ordinal);

        var alerts = await Cli.RunAsync("alerts", "list", "--deployment", name, "--status", "firing", "--tracking-uri", Uri);
        Assert.Equal(0, alerts.ExitCode);
        Assert.Contains("No alerts.", alerts.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_times_and_unknown_deployments_are_refused()
    {
        var badTime = await Cli.RunAsync("monitor", "create", "x", "--reference-start", "yesterday", "--reference-end", "1", "--tracking-uri", Uri);
        Assert.Equal(2, badTime.ExitCode);
        Assert.Contains("--reference-start yesterday", badTime.Error, StringComparison.Ordinal);

        var unknown = await Cli.RunAsync("monitor", "create", TrackingServer.UniqueName("nope"), "--reference-start", "0", "--reference-end", "1000", "--tracking-uri", Uri);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("does not exist", unknown.Error, StringComparison.OrdinalIgnoreCase);
    }
}
