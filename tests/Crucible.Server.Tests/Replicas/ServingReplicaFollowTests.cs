using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Replicas;

/// <summary>Serving-only replicas on one PostgreSQL database follow an alias moved on a server replica, within the stated time and with no failed request.</summary>
public sealed class ServingReplicaFollowTests
{
    /// <summary>The stated time (docs/deploy.md): the refresh interval (2 s) plus the model's load; the margin covers a loaded test machine.</summary>
    private static readonly TimeSpan Stated = TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Every_serving_replica_serves_a_moved_alias_within_the_stated_time_with_no_failed_request()
    {
        await using var replicas = new Replicas(TimeSpan.FromSeconds(30));
        var server = await replicas.StartAsync();
        var v1 = await server.RegisterAsync("follow", ScalerModels.Scaler(1));
        var v2 = await server.RegisterAsync("follow", ScalerModels.Scaler(2));
        await server.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = "follow", ["alias"] = "champion", ["version"] = v1 });
        await server.DeployAsync(new JsonObject
        {
            ["name"] = "follow",
            ["routes"] = new JsonArray(new JsonObject { ["model"] = "follow", ["alias"] = "champion" }),
            ["capture"] = false,
        });
        var serving = new[] { await replicas.StartServingAsync(), await replicas.StartServingAsync() };
        var body = ScalerModels.Request(1, 1, 1, 1).ToJsonString();
        foreach (var replica in serving)
        {
            var (status, answer) = await replica.SendAsync(HttpMethod.Post, "/v2/models/follow/infer", raw: body);
            Assert.Equal((200, v1), (status, (string?)answer["model_version"]));
        }

        var failures = new ConcurrentBag<string>();
        var firstSeen = new ConcurrentDictionary<int, TimeSpan>();
        var clock = new Stopwatch();
        using var stop = new CancellationTokenSource();
        var load = serving.SelectMany((replica, index) => Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, answer) = await replica.SendAsync(HttpMethod.Post, "/v2/models/follow/infer", raw: body);
                if (status != 200)
                {
                    failures.Add($"replica {index}: {status}: {answer.ToJsonString()}");
                }
                else if ((string)answer["model_version"]! == v2 && clock.IsRunning)
                {
                    firstSeen.TryAdd(index, clock.Elapsed);
                }
            }
        }))).ToArray();

        await Task.Delay(500);
        clock.Start();
        await server.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = "follow", ["alias"] = "champion", ["version"] = v2 });
        while (firstSeen.Count < serving.Length && clock.Elapsed < Stated + TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.Equal(serving.Length, firstSeen.Count);
        Assert.All(firstSeen.Values, t => Assert.True(t <= Stated, $"a serving replica took {t.TotalSeconds:0.00} s to serve the moved alias (stated: {Stated.TotalSeconds} s)"));
    }
}
