using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Serving;

/// <summary>Canary weights, shadow copies and model swaps, over HTTP on a real server.</summary>
public sealed class RoutingTests(ServingServer server) : IClassFixture<ServingServer>
{
    [Fact]
    public async Task Canary_weights_hold_within_three_standard_errors_over_ten_thousand_requests()
    {
        var v1 = await server.RegisterAsync("canary", ScalerModels.Scaler(1));
        var v2 = await server.RegisterAsync("canary", ScalerModels.Scaler(2));
        await server.DeployAsync(new JsonObject
        {
            ["name"] = "canary",
            ["routes"] = new JsonArray(
                new JsonObject { ["model"] = "canary", ["version"] = v1, ["weight"] = 90 },
                new JsonObject { ["model"] = "canary", ["version"] = v2, ["weight"] = 10 }),
            ["capture"] = false,
        });
        await server.WaitReadyAsync("canary");

        const int n = 10_000;
        var counts = new ConcurrentDictionary<string, int>();
        var body = ScalerModels.Request(1, 2, 3, 4).ToJsonString();
        await Parallel.ForAsync(0, n, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var (status, answer) = await server.SendAsync(HttpMethod.Post, "/v2/models/canary/infer", raw: body);
            Assert.Equal(200, status);
            var version = (string)answer["model_version"]!;
            // The answer must come from the version it names: v2 doubles.
            var expectedFirst = version == v2 ? 2f : 1f;
            Assert.Equal(expectedFirst, (float)answer["outputs"]![0]!["data"]![0]!);
            counts.AddOrUpdate(version, 1, (_, c) => c + 1);
        });

        var share = counts.GetValueOrDefault(v2) / (double)n;
        var standardError = Math.Sqrt(0.1 * 0.9 / n);
        Assert.Equal(n, counts.Values.Sum());
        Assert.True(Math.Abs(share - 0.1) < 3 * standardError, $"canary share {share:P2}, expected 10% ± {3 * standardError:P2}");
    }

    [Fact]
    public async Task Shadow_answers_are_logged_and_never_returned()
    {
        var primary = await server.RegisterAsync("shadowed", ScalerModels.Scaler(1));
        var shadow = await server.RegisterAsync("shadowed", ScalerModels.Scaler(3));
        await server.DeployAsync(new JsonObject
        {
            ["name"] = "shadowed",
            ["routes"] = new JsonArray(new JsonObject { ["model"] = "shadowed", ["version"] = primary }),
            ["shadow"] = new JsonObject { ["model"] = "shadowed", ["version"] = shadow },
        });
        await server.WaitReadyAsync("shadowed");

        for (var i = 0; i < 50; i++)
        {
            var request = ScalerModels.Request(i, 1, 1, 1);
            request["id"] = $"s-{i}";
            var answer = await server.OkAsync(HttpMethod.Post, "/v2/models/shadowed/infer", request);
            Assert.Equal(primary, (string)answer["model_version"]!);
            Assert.Equal((float)i, (float)answer["outputs"]![0]!["data"]![0]!);
        }

        // The log gets both: 50 answers of the primary and 50 shadow answers (three times the input), by request id.
        JsonArray predictions = [];
        for (var attempt = 0; attempt < 100 && predictions.Count < 100; attempt++)
        {
            await Task.Delay(50);
            predictions = (await server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/shadowed/predictions?max_results=500"))["predictions"]!.AsArray();
        }

        Assert.Equal(100, predictions.Count);
        var shadows = predictions.Where(p => (bool)p!["shadow"]!).ToArray();
        Assert.Equal(50, shadows.Length);
        Assert.All(shadows, p => Assert.Equal(shadow, (string)p!["version"]!));
        var s7 = shadows.Single(p => (string)p!["request_id"]! == "s-7");
        Assert.Equal(21f, (float)s7!["outputs"]!["y"]!["data"]![0]!);
        var p7 = predictions.Single(p => (string)p!["request_id"]! == "s-7" && !(bool)p["shadow"]!);
        Assert.Equal(7f, (float)p7!["outputs"]!["y"]!["data"]![0]!);
        Assert.Equal(7f, (float)p7["inputs"]!["x"]!["data"]![0]!);
    }

    [Fact]
    public async Task Moving_an_alias_under_load_swaps_models_without_a_failed_request()
    {
        var v1 = await server.RegisterAsync("swapped", ScalerModels.Scaler(1));
        var v2 = await server.RegisterAsync("swapped", ScalerModels.Scaler(2));
        await server.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = "swapped", ["alias"] = "champion", ["version"] = v1 });
        await server.DeployAsync(new JsonObject
        {
            ["name"] = "swapped",
            ["routes"] = new JsonArray(new JsonObject { ["model"] = "swapped", ["alias"] = "champion" }),
            ["capture"] = false,
        });
        await server.WaitReadyAsync("swapped");

        var failures = new ConcurrentBag<string>();
        var seen = new ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var body = ScalerModels.Request(1, 1, 1, 1).ToJsonString();
        var load = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, answer) = await server.SendAsync(HttpMethod.Post, "/v2/models/swapped/infer", raw: body);
                if (status != 200)
                {
                    failures.Add($"{status}: {answer.ToJsonString()}");
                }
                else
                {
                    seen.AddOrUpdate((string)answer["model_version"]!, 1, (_, c) => c + 1);
                }
            }
        })).ToArray();

        for (var i = 0; i < 8; i++)
        {
            await Task.Delay(150);
            await server.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = "swapped", ["alias"] = "champion", ["version"] = i % 2 == 0 ? v2 : v1 });
        }

        await Task.Delay(300);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(failures);
        Assert.True(seen.ContainsKey(v1) && seen.ContainsKey(v2), $"both versions should have served: {string.Join(", ", seen)}");
    }

    [Fact]
    public async Task An_alias_moved_through_this_server_is_served_by_its_next_request()
    {
        // No background refresh within the test: the alias change itself must reach the serving table.
        await using var owned = await ServingServer.StartAsync(o => o with { DeploymentRefreshInterval = TimeSpan.FromHours(1) }).AsDisposable();
        var local = owned.Server;
        var v1 = await local.RegisterAsync("moved", ScalerModels.Scaler(1));
        var v2 = await local.RegisterAsync("moved", ScalerModels.Scaler(2));
        await local.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = "moved", ["alias"] = "prod", ["version"] = v1 });
        await local.DeployAsync(new JsonObject { ["name"] = "moved", ["routes"] = new JsonArray(new JsonObject { ["model"] = "moved", ["alias"] = "prod" }) });
        Assert.Equal(v1, (string)(await local.OkAsync(HttpMethod.Post, "/v2/models/moved/infer", ScalerModels.Request(1, 1, 1, 1)))["model_version"]!);

        await local.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = "moved", ["alias"] = "prod", ["version"] = v2 });

        var answer = await local.OkAsync(HttpMethod.Post, "/v2/models/moved/infer", ScalerModels.Request(1, 1, 1, 1));
        Assert.Equal(v2, (string)answer["model_version"]!);
        Assert.Equal(2f, (float)answer["outputs"]![0]!["data"]![0]!);
    }

    [Fact]
    public async Task A_replace_with_a_stale_revision_is_refused_and_the_routes_stay()
    {
        var v1 = await server.RegisterAsync("revised", ScalerModels.Scaler(1));
        var v2 = await server.RegisterAsync("revised", ScalerModels.Scaler(2));
        var created = await server.DeployAsync("revised", "revised", v1);
        Assert.Equal(1, (long)created["deployment"]!["revision"]!);

        var replace = new JsonObject
        {
            ["routes"] = new JsonArray(new JsonObject { ["model"] = "revised", ["version"] = v2 }),
            ["expected_revision"] = 1,
        };
        var updated = await server.OkAsync(HttpMethod.Put, "/api/crucible/v1/deployments/revised", replace);
        Assert.Equal(2, (long)updated["deployment"]!["revision"]!);
        Assert.Equal(v2, (string)updated["deployment"]!["status"]![0]!["resolved_version"]!);
        Assert.Equal("ready", (string)updated["deployment"]!["status"]![0]!["state"]!);

        var (status, problem) = await server.SendAsync(HttpMethod.Put, "/api/crucible/v1/deployments/revised", replace.DeepClone());
        Assert.Equal(409, status);
        Assert.Equal("RESOURCE_CONFLICT", (string)problem["errorCode"]!);

        var answer = await server.OkAsync(HttpMethod.Post, "/v2/models/revised/infer", ScalerModels.Request(1, 1, 1, 1));
        Assert.Equal(v2, (string)answer["model_version"]!);
    }

    [Fact]
    public async Task A_model_file_changed_after_registration_is_not_served()
    {
        var version = await server.RegisterAsync("tampered", ScalerModels.Scaler(1));
        var model = Directory.GetFiles(server.ArtifactsFolder, "model.onnx", SearchOption.AllDirectories).Single(f => f.Contains(server.LastRunId, StringComparison.Ordinal));
        File.WriteAllBytes(model, ScalerModels.Scaler(5));

        var created = await server.DeployAsync("tampered", "tampered", version);
        var status = created["deployment"]!["status"]![0]!;
        Assert.Equal("failed", (string)status["state"]!);
        Assert.Contains("Checksum mismatch", (string)status["error"]!, StringComparison.Ordinal);

        var (code, error) = await server.SendAsync(HttpMethod.Post, "/v2/models/tampered/infer", ScalerModels.Request(1, 1, 1, 1));
        Assert.Equal(503, code);
        Assert.Contains("Checksum mismatch", (string)error["error"]!, StringComparison.Ordinal);
    }
}
