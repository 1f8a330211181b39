using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Serving;

/// <summary>The prediction log over HTTP: what is written, and sampling.</summary>
public sealed class CaptureTests
{
    [Fact]
    public async Task A_sample_rate_logs_exactly_that_share_of_requests()
    {
        await using var owned = await ServingServer.StartAsync(o => o with { CaptureSampleRate = 0.25 }).AsDisposable();
        var server = owned.Server;
        var version = await server.RegisterAsync("sampled", ScalerModels.Scaler(1));
        await server.DeployAsync("sampled", "sampled", version);
        await server.WaitReadyAsync("sampled");

        for (var i = 0; i < 40; i++)
        {
            var request = ScalerModels.Request(i, 0, 0, 0);
            request["id"] = $"q-{i}";
            await server.OkAsync(HttpMethod.Post, "/v2/models/sampled/infer", request);
        }

        JsonArray logged = [];
        for (var attempt = 0; attempt < 100 && logged.Count < 10; attempt++)
        {
            await Task.Delay(50);
            logged = (await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/sampled/predictions"))["predictions"]!.AsArray();
        }

        await Task.Delay(300);
        logged = (await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/sampled/predictions"))["predictions"]!.AsArray();
        Assert.Equal(["q-3", "q-7", "q-11", "q-15", "q-19", "q-23", "q-27", "q-31", "q-35", "q-39"], logged.Select(p => (string)p!["request_id"]!));
        Assert.All(logged, p => Assert.Equal(version, (string)p!["version"]!));
    }
}
