using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Server.Hosting;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Exposure;

/// <summary>
/// Issue 15, item 7: a deployment's own rate limits and quotas, per token and for all callers together, on a server
/// with authentication on and real serving tokens. Refusals are 429 with Retry-After in each family's format and are
/// counted in /metrics by deployment and reason. The rates are slow (one token per 100 s) so no bucket refills while
/// a loaded test machine runs the test.
/// </summary>
public sealed class DeploymentLimitTests : IAsyncLifetime
{
    private ServingServer _server = null!;
    private string _version = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        string? tokenFile = null;
        _server = await ServingServer.StartAsync(o =>
        {
            tokenFile = Path.Combine(Path.GetDirectoryName(o.ArtifactsDestination)!, "admin.token");
            return o with { Auth = new AuthOptions { AdminTokenFile = tokenFile } };
        });
        _admin = (await File.ReadAllTextAsync(tokenFile!)).Trim();
        _server.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _admin);
        _version = await _server.RegisterAsync("iris", ExposureModels.ThreeClasses());
        await _server.OkAsync(HttpMethod.Post, "/api/crucible/v1/service-accounts", new JsonObject { ["name"] = "scorers", ["role"] = "viewer" });
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Each_token_has_its_own_bucket_and_a_refusal_is_a_429_with_retry_after_in_each_familys_format()
    {
        await DeployAsync("per-token", new JsonObject { ["rate_limit"] = new JsonObject { ["per_second"] = 0.01, ["burst"] = 2 } });
        var alice = await TokenAsync("alice", "per-token");
        var bob = await TokenAsync("bob", "per-token");

        var first = await OipAsync("per-token", alice);
        var second = await ScoreAsync("per-token", alice);
        using var refusedOip = await SendAsync("/v2/models/per-token/infer", alice, ExposureModels.OipRequest(ExposureModels.Rows));
        using var refusedMlflow = await SendAsync("/deployments/per-token/invocations", alice, ExposureModels.Instances(ExposureModels.Rows));
        var other = await OipAsync("per-token", bob);

        Assert.Equal((200, 200, 200), (first, second, other));
        Assert.Equal(429, (int)refusedOip.StatusCode);
        Assert.True(refusedOip.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(50), $"Retry-After {refusedOip.Headers.RetryAfter}");
        var oipError = JsonNode.Parse(await refusedOip.Content.ReadAsStringAsync())!;
        Assert.Contains("per caller", (string)oipError["error"]!, StringComparison.Ordinal);
        Assert.Equal(429, (int)refusedMlflow.StatusCode);
        Assert.NotNull(refusedMlflow.Headers.RetryAfter);
        var mlflowError = JsonNode.Parse(await refusedMlflow.Content.ReadAsStringAsync())!;
        Assert.Equal("REQUEST_LIMIT_EXCEEDED", (string)mlflowError["error_code"]!);
        Assert.Contains("per-token", (string)mlflowError["message"]!, StringComparison.Ordinal);
        Assert.Contains("crucible_serving_rate_limited_total{deployment=\"per-token\",reason=\"caller_rate\"} 2", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_total_limit_is_shared_by_every_caller_of_the_deployment_and_leaves_other_deployments_alone()
    {
        await DeployAsync("shared", new JsonObject { ["total_rate_limit"] = new JsonObject { ["per_second"] = 0.01, ["burst"] = 3 } });
        await DeployAsync("unlimited", null);
        var alice = await TokenAsync("alice-shared", "shared");
        var bob = await TokenAsync("bob-shared", "shared");
        var carol = await TokenAsync("carol", "unlimited");

        int[] served = [await OipAsync("shared", alice), await OipAsync("shared", bob), await ScoreAsync("shared", alice)];
        var refusedBob = await OipAsync("shared", bob);
        var refusedAlice = await ScoreAsync("shared", alice);
        var elsewhere = await OipAsync("unlimited", carol);

        Assert.Equal([200, 200, 200], served);
        Assert.Equal((429, 429, 200), (refusedBob, refusedAlice, elsewhere));
        Assert.Contains("crucible_serving_rate_limited_total{deployment=\"shared\",reason=\"total_rate\"} 2", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_daily_quota_refuses_a_token_once_used_up_with_retry_after_at_most_a_day_while_other_tokens_go_on()
    {
        await DeployAsync("quota", new JsonObject { ["quota"] = new JsonObject { ["requests"] = 3, ["period_seconds"] = 86400 } });
        var alice = await TokenAsync("alice-quota", "quota");
        var bob = await TokenAsync("bob-quota", "quota");

        int[] served = [await OipAsync("quota", alice), await ScoreAsync("quota", alice), await OipAsync("quota", alice)];
        using var refused = await SendAsync("/deployments/quota/invocations", alice, ExposureModels.Instances(ExposureModels.Rows));
        var other = await OipAsync("quota", bob);

        Assert.Equal([200, 200, 200], served);
        Assert.Equal(429, (int)refused.StatusCode);
        var retry = refused.Headers.RetryAfter?.Delta;
        Assert.True(retry > TimeSpan.FromHours(1) && retry <= TimeSpan.FromDays(1), $"Retry-After {retry}");
        Assert.Contains("quota", (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["message"]!, StringComparison.Ordinal);
        Assert.Equal(200, other);
        Assert.Contains("crucible_serving_rate_limited_total{deployment=\"quota\",reason=\"quota\"} 1", await MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_by_the_rate_does_not_use_up_the_quota_and_removing_the_limits_lifts_them()
    {
        await DeployAsync("both", new JsonObject
        {
            ["rate_limit"] = new JsonObject { ["per_second"] = 0.01, ["burst"] = 1 },
            ["quota"] = new JsonObject { ["requests"] = 2, ["period_seconds"] = 86400 },
        });
        var alice = await TokenAsync("alice-both", "both");

        var first = await OipAsync("both", alice);
        var byRate = await OipAsync("both", alice);
        await _server.OkAsync(HttpMethod.Put, "/api/crucible/v1/deployments/both", new JsonObject
        {
            ["routes"] = new JsonArray(new JsonObject { ["model"] = "iris", ["version"] = _version }),
            ["exposure"] = new JsonObject { ["quota"] = new JsonObject { ["requests"] = 2, ["period_seconds"] = 86400 } },
        });
        var afterRateRemoved = await OipAsync("both", alice);

        Assert.Equal((200, 429), (first, byRate));
        // The quota's window was keyed by its settings, which did not change: one of its two requests is left.
        Assert.Equal(200, afterRateRemoved);
        Assert.Equal(429, await OipAsync("both", alice));
        var metrics = await MetricsAsync();
        Assert.Contains("crucible_serving_rate_limited_total{deployment=\"both\",reason=\"caller_rate\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("crucible_serving_rate_limited_total{deployment=\"both\",reason=\"quota\"} 1", metrics, StringComparison.Ordinal);
    }

    private async Task DeployAsync(string name, JsonObject? exposure)
    {
        await _server.DeployAsync(ExposureModels.Deployment(name, "iris", _version, exposure));
        await _server.WaitReadyAsync(name);
    }

    /// <summary>A serving-only token for <paramref name="deployment"/>, owned by the service account.</summary>
    private async Task<string> TokenAsync(string name, string deployment)
    {
        var created = await _server.OkAsync(HttpMethod.Post, "/api/crucible/v1/tokens", new JsonObject { ["name"] = name, ["owner"] = "scorers", ["serving_deployment"] = deployment });
        return (string)created["secret"]!;
    }

    private async Task<int> OipAsync(string deployment, string token)
    {
        using var response = await SendAsync($"/v2/models/{deployment}/infer", token, ExposureModels.OipRequest(ExposureModels.Rows));
        return (int)response.StatusCode;
    }

    private async Task<int> ScoreAsync(string deployment, string token)
    {
        using var response = await SendAsync($"/deployments/{deployment}/invocations", token, ExposureModels.Instances(ExposureModels.Rows));
        return (int)response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendAsync(string path, string token, JsonNode body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _server.Http.SendAsync(request);
    }

    private Task<string> MetricsAsync() => _server.Http.GetStringAsync("/metrics");
}
