using System.Text.Json;
using Crucible.Cli.Tests.Client;
using Crucible.Client;
using Crucible.Contracts.Monitoring;
using Crucible.Contracts.Serving;

namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible performance</c> and the client's label and performance calls against a real server.</summary>
public sealed class PerformanceCommandTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    private string Uri => server.Uri.ToString();

    [Fact]
    public async Task Labels_post_through_the_client_and_performance_shows_windows_and_notes()
    {
        using var client = server.Client();
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("perf");
        await client.CreateDeploymentAsync(new DeploymentRequest(name, [new(model, "1")]));

        var posted = await client.PostLabelsAsync(name, [new LabelDto { RequestId = "a", Label = 1 }, new LabelDto { RequestId = "b", Label = 0 }]);
        Assert.Equal(new LabelsResponse(2, 2), posted);

        var api = await client.GetPerformanceAsync(name, new PerformanceQueryOptions(StartMs: 0, EndMs: 7_200_000, WindowMs: 3_600_000, ReferenceStartMs: 0, ReferenceEndMs: 1_000));
        Assert.Equal([0L, 3_600_000L], api.Windows.Select(w => w.StartMs));
        Assert.Contains("The reference window has no readable predictions.", api.Notes);

        var table = await Cli.RunAsync("performance", name, "--since", "1970-01-01T00:00:00Z", "--until", "7200000", "--window", "60", "--reference-start", "0", "--reference-end", "1000", "--tracking-uri", Uri);
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains("Window (UTC)", table.Output, StringComparison.Ordinal);
        Assert.Contains("note: The reference window has no readable predictions.", table.Output, StringComparison.Ordinal);

        var json = await Cli.RunAsync("performance", name, "--since", "0", "--until", "3600000", "--reference-start", "0", "--reference-end", "1000", "--json", "--tracking-uri", Uri);
        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Output);
        Assert.Equal(name, document.RootElement.GetProperty("deployment").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("windows").GetArrayLength());
    }

    [Fact]
    public async Task Bad_times_missing_references_and_unknown_deployments_are_refused()
    {
        var badTime = await Cli.RunAsync("performance", "x", "--since", "yesterday", "--tracking-uri", Uri);
        Assert.Equal(2, badTime.ExitCode);
        Assert.Contains("--since yesterday", badTime.Error, StringComparison.Ordinal);

        var unknown = await Cli.RunAsync("performance", TrackingServer.UniqueName("nope"), "--tracking-uri", Uri);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("does not exist", unknown.Error, StringComparison.OrdinalIgnoreCase);

        using var client = server.Client();
        var model = await DeploymentClientTests.RegisterModelAsync(server);
        var name = TrackingServer.UniqueName("noref");
        await client.CreateDeploymentAsync(new DeploymentRequest(name, [new(model, "1")]));
        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetPerformanceAsync(name));
        Assert.Contains("has no monitor", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<CrucibleApiException>(() => client.PostLabelsAsync(name, [new LabelDto { RequestId = "a" }]));
    }
}
