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
    public async Task Create_a_rule_monitor_then_show_disable_enable_delete_it_and_list_signals()
    {
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("ruled");
        Assert.Equal(0, (await Cli.RunAsync("deployments", "create", name, "--model", $"{model}/1", "--tracking-uri", Uri)).ExitCode);

        var created = await Cli.RunAsync(
            "monitor", "create", name, "--reference-start", "0", "--reference-end", "3600000", "--rule", "missing_spike", "--column", "x[1]",
            "--threshold", "0.2", "--retrain", "--json", "--tracking-uri", Uri);
        Assert.True(created.ExitCode == 0, created.Error);
        using var json = JsonDocument.Parse(created.Output);
        var monitor = json.RootElement.GetProperty("monitor");
        var id = monitor.GetProperty("id").GetString()!;
        Assert.Equal(("missing_spike", "x[1]", 0.2, true), (monitor.GetProperty("rule").GetString(), monitor.GetProperty("column").GetString(), monitor.GetProperty("threshold").GetDouble(), monitor.GetProperty("retrain").GetBoolean()));

        var shown = await Cli.RunAsync("monitor", "show", id, "--tracking-uri", Uri);
        Assert.True(shown.ExitCode == 0, shown.Error);
        Assert.Contains("missing_spike x[1] @ 0.2 + retrain", shown.Output, StringComparison.Ordinal);

        var disabled = await Cli.RunAsync("monitor", "disable", id, "--json", "--tracking-uri", Uri);
        Assert.False(JsonDocument.Parse(disabled.Output).RootElement.GetProperty("monitor").GetProperty("enabled").GetBoolean());
        var enabled = await Cli.RunAsync("monitor", "enable", id, "--json", "--tracking-uri", Uri);
        Assert.True(JsonDocument.Parse(enabled.Output).RootElement.GetProperty("monitor").GetProperty("enabled").GetBoolean());

        var signals = await Cli.RunAsync("signals", "list", "--deployment", name, "--tracking-uri", Uri);
        Assert.True(signals.ExitCode == 0, signals.Error);
        Assert.Contains("No retraining signals.", signals.Output, StringComparison.Ordinal);
        var signalsJson = await Cli.RunAsync("signals", "list", "--deployment", name, "--json", "--tracking-uri", Uri);
        Assert.Equal(0, JsonDocument.Parse(signalsJson.Output).RootElement.GetProperty("signals").GetArrayLength());

        Assert.Equal(0, (await Cli.RunAsync("monitor", "delete", id, "--tracking-uri", Uri)).ExitCode);
        var gone = await Cli.RunAsync("monitor", "show", id, "--tracking-uri", Uri);
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("does not exist", gone.Error, StringComparison.OrdinalIgnoreCase);

        var bad = await Cli.RunAsync("monitor", "create", name, "--reference-start", "0", "--reference-end", "1000", "--rule", "column_drift", "--tracking-uri", Uri);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("column", bad.Error, StringComparison.Ordinal);
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
