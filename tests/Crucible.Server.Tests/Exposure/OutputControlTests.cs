using System.Text.Json.Nodes;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Exposure;

/// <summary>
/// Issue 15, item 7: a deployment's output controls apply to every inference answer, OIP and MLflow scoring (JSON and
/// CSV bodies alike), are stored, shown and kept across updates, and bad values are a clear 400.
/// </summary>
public sealed class OutputControlTests : IAsyncLifetime
{
    private ServingServer _server = null!;
    private string _version = null!;

    public async Task InitializeAsync()
    {
        _server = await ServingServer.StartAsync(o => o);
        _version = await _server.RegisterAsync("iris", ExposureModels.ThreeClasses());
        await DeployAsync("full", null);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Decimals_round_every_score_on_oip_and_invocations_with_json_and_csv_bodies_and_leave_labels_alone()
    {
        await DeployAsync("rounded", new JsonObject { ["output"] = new JsonObject { ["decimals"] = 2 } });
        var full = await _server.OkAsync(HttpMethod.Post, "/v2/models/full/infer", ExposureModels.OipRequest(ExposureModels.Rows));

        var oip = await _server.OkAsync(HttpMethod.Post, "/v2/models/rounded/infer", ExposureModels.OipRequest(ExposureModels.Rows));
        var json = await _server.OkAsync(HttpMethod.Post, "/deployments/rounded/invocations", ExposureModels.Instances(ExposureModels.Rows));
        var (csvStatus, csv) = await _server.SendAsync(HttpMethod.Post, "/deployments/rounded/invocations", raw: ExposureModels.Csv(ExposureModels.Rows), contentType: "text/csv");

        var exact = ExposureModels.OipData(full, "probabilities");
        var expected = exact.Select(v => Math.Round(v, 2, MidpointRounding.AwayFromZero)).ToArray();
        Assert.Contains(exact, v => Math.Round(v, 2) != v);
        Assert.Equal(expected, ExposureModels.OipData(oip, "probabilities"));
        Assert.Equal(ExposureModels.OipData(full, "label"), ExposureModels.OipData(oip, "label"));
        Assert.Equal(200, csvStatus);
        foreach (var answer in new[] { json, csv })
        {
            var rows = answer["predictions"]!["probabilities"]!.AsArray();
            Assert.Equal(expected, rows.SelectMany(r => r!.AsArray().Select(v => v!.GetValue<double>())));
        }
    }

    [Fact]
    public async Task Top_k_keeps_each_rows_largest_scores_in_place_and_zeroes_the_rest()
    {
        await DeployAsync("top1", new JsonObject { ["output"] = new JsonObject { ["mode"] = "top_k", ["top_k"] = 1 } });
        var full = ExposureModels.OipData(await _server.OkAsync(HttpMethod.Post, "/v2/models/full/infer", ExposureModels.OipRequest(ExposureModels.Rows)), "probabilities");

        var oip = ExposureModels.OipData(await _server.OkAsync(HttpMethod.Post, "/v2/models/top1/infer", ExposureModels.OipRequest(ExposureModels.Rows)), "probabilities");
        var scoring = await _server.OkAsync(HttpMethod.Post, "/deployments/top1/invocations", ExposureModels.Instances(ExposureModels.Rows));

        for (var row = 0; row < ExposureModels.Rows.Length; row++)
        {
            var exact = full.Skip(row * 3).Take(3).ToArray();
            var kept = oip.Skip(row * 3).Take(3).ToArray();
            var best = Array.IndexOf(exact, exact.Max());
            Assert.Equal([.. exact.Select((v, i) => i == best ? v : 0)], kept);
            Assert.Equal(kept, scoring["predictions"]!["probabilities"]![row]!.AsArray().Select(v => v!.GetValue<double>()));
        }
    }

    [Fact]
    public async Task Label_only_returns_labels_on_both_protocols_and_refuses_a_request_for_the_scores()
    {
        await DeployAsync("labels", new JsonObject { ["output"] = new JsonObject { ["mode"] = "label" } });
        var full = await _server.OkAsync(HttpMethod.Post, "/v2/models/full/infer", ExposureModels.OipRequest(ExposureModels.Rows));

        var oip = await _server.OkAsync(HttpMethod.Post, "/v2/models/labels/infer", ExposureModels.OipRequest(ExposureModels.Rows));
        var scoring = await _server.OkAsync(HttpMethod.Post, "/deployments/labels/invocations", ExposureModels.Instances(ExposureModels.Rows));
        var (status, error) = await _server.SendAsync(HttpMethod.Post, "/v2/models/labels/infer", ExposureModels.OipRequest(ExposureModels.Rows, "probabilities"));

        Assert.Equal(["label"], oip["outputs"]!.AsArray().Select(o => (string)o!["name"]!));
        Assert.Equal(ExposureModels.OipData(full, "label"), ExposureModels.OipData(oip, "label"));
        Assert.Equal(ExposureModels.OipData(full, "label"), scoring["predictions"]!.AsArray().Select(r => r![0]!.GetValue<double>()));
        Assert.Equal(400, status);
        Assert.Contains("labels only", (string)error["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Controls_are_shown_by_get_kept_by_an_update_that_omits_them_and_replaced_by_one_that_names_them()
    {
        var created = await DeployAsync("kept", new JsonObject
        {
            ["output"] = new JsonObject { ["mode"] = "top_k", ["top_k"] = 2, ["decimals"] = 3 },
            ["rate_limit"] = new JsonObject { ["per_second"] = 5 },
            ["quota"] = new JsonObject { ["requests"] = 1000, ["period_seconds"] = 86400 },
        });
        var routesOnly = new JsonObject { ["routes"] = new JsonArray(new JsonObject { ["model"] = "iris", ["version"] = _version, ["weight"] = 50 }) };
        var rerouted = await _server.OkAsync(HttpMethod.Put, "/api/crucible/v1/deployments/kept", routesOnly);
        var replaced = await _server.OkAsync(HttpMethod.Put, "/api/crucible/v1/deployments/kept", new JsonObject
        {
            ["routes"] = routesOnly["routes"]!.DeepClone(),
            ["exposure"] = new JsonObject { ["output"] = new JsonObject { ["mode"] = "label" } },
        });
        var shown = await _server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/kept");

        var expected = """{"output":{"mode":"top_k","decimals":3,"top_k":2},"rate_limit":{"per_second":5,"burst":5},"quota":{"requests":1000,"period_seconds":86400}}""";
        Assert.Equal(expected, created["deployment"]!["exposure"]!.ToJsonString());
        Assert.Equal(expected, rerouted["deployment"]!["exposure"]!.ToJsonString());
        Assert.Equal("""{"output":{"mode":"label"}}""", replaced["deployment"]!["exposure"]!.ToJsonString());
        Assert.Equal("""{"output":{"mode":"label"}}""", shown["deployment"]!["exposure"]!.ToJsonString());
        Assert.Equal("""{"output":{"mode":"full"}}""", (await _server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/full"))["deployment"]!["exposure"]!.ToJsonString());
    }

    [Fact]
    public async Task The_prediction_log_keeps_the_models_full_precision()
    {
        await DeployAsync("logged", new JsonObject { ["output"] = new JsonObject { ["decimals"] = 1 } });
        var answer = await _server.OkAsync(HttpMethod.Post, "/v2/models/logged/infer", ExposureModels.OipRequest(ExposureModels.Rows));
        var exact = ExposureModels.OipData(await _server.OkAsync(HttpMethod.Post, "/v2/models/full/infer", ExposureModels.OipRequest(ExposureModels.Rows)), "probabilities");

        JsonNode? logged = null;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (logged is null && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            var page = await _server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/logged/predictions");
            logged = page["predictions"]!.AsArray().FirstOrDefault();
            await Task.Delay(logged is null ? 50 : 0);
        }

        Assert.NotNull(logged);
        Assert.Equal(exact.Select(v => Math.Round(v, 1, MidpointRounding.AwayFromZero)), ExposureModels.OipData(answer, "probabilities"));
        var outputs = logged["outputs"]!.ToJsonString();
        Assert.Contains(((float)exact[0]).ToString("R", System.Globalization.CultureInfo.InvariantCulture), outputs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"output":{"decimals":-1}}""", "decimals")]
    [InlineData("""{"output":{"decimals":16}}""", "decimals")]
    [InlineData("""{"output":{"mode":"top_k","top_k":0}}""", "top_k")]
    [InlineData("""{"output":{"mode":"top_k"}}""", "top_k")]
    [InlineData("""{"output":{"mode":"softmax"}}""", "softmax")]
    [InlineData("""{"output":{"mode":"label","decimals":2}}""", "decimals")]
    [InlineData("""{"rate_limit":{"per_second":0}}""", "per_second")]
    [InlineData("""{"rate_limit":{"per_second":1,"burst":0}}""", "burst")]
    [InlineData("""{"quota":{"requests":0,"period_seconds":60}}""", "quota")]
    [InlineData("""{"quota":{"requests":10,"period_seconds":0}}""", "period")]
    public async Task Bad_controls_are_a_400_problem_that_names_the_field_and_nothing_is_created(string exposure, string named)
    {
        var body = ExposureModels.Deployment("bad", "iris", _version, (JsonObject)JsonNode.Parse(exposure)!);

        var (status, problem) = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/deployments", body);
        var (updateStatus, updateProblem) = await _server.SendAsync(HttpMethod.Put, "/api/crucible/v1/deployments/full", ExposureModels.Deployment("full", "iris", _version, (JsonObject)JsonNode.Parse(exposure)!));

        Assert.Equal((400, 400), (status, updateStatus));
        Assert.Equal("INVALID_PARAMETER_VALUE", (string)problem["errorCode"]!);
        Assert.Contains(named, (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains(named, (string)updateProblem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(404, (await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments/bad")).Status);
        Assert.Equal("""{"output":{"mode":"full"}}""", (await _server.OkAsync(HttpMethod.Get, "/api/crucible/v1/deployments/full"))["deployment"]!["exposure"]!.ToJsonString());
    }

    [Fact]
    public async Task An_unknown_control_is_a_400_that_names_it()
    {
        var (status, problem) = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/deployments", ExposureModels.Deployment(
            "bad", "iris", _version, new JsonObject { ["output"] = new JsonObject { ["precision"] = 2 } }));

        Assert.Equal(400, status);
        Assert.Contains("precision", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_only_is_refused_for_a_model_that_has_nothing_but_scores()
    {
        var version = await _server.RegisterAsync("scores", ExposureModels.ScoresOnly());

        var (status, problem) = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/deployments", ExposureModels.Deployment(
            "scores", "scores", version, new JsonObject { ["output"] = new JsonObject { ["mode"] = "label" } }));

        Assert.Equal(400, status);
        Assert.Contains("output mode label", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private async Task<JsonNode> DeployAsync(string name, JsonObject? exposure)
    {
        var created = await _server.DeployAsync(ExposureModels.Deployment(name, "iris", _version, exposure));
        await _server.WaitReadyAsync(name);
        return created;
    }
}
