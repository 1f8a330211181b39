using System.Text;
using System.Text.Json.Nodes;
using Crucible.Server.Hosting;
using Crucible.Server.Tests.Security;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Exposure;

/// <summary>Issue 15, item 7: per-caller inference rate limits answer 429 with Retry-After in each family's format, counted in /metrics.</summary>
public sealed class RateLimitTests
{
    private const string Infer = """{"inputs":[{"name":"features","shape":[1,4],"datatype":"FP32","data":[0.1,0.2,0.3,0.4]}]}""";

    [Fact]
    public async Task A_caller_over_its_bucket_gets_429_with_retry_after_while_another_caller_is_served()
    {
        await using var owned = await ServingServer.StartAsync(o => o with { Auth = new AuthOptions(), Exposure = o.Exposure with { InferenceRateLimit = new InferenceRateLimit(PerSecond: 1, Burst: 3) } }).AsDisposable();
        var server = owned.Server;
        using var callers = await TestPrincipals.CreateAsync(server.App.Address(), server.AdminToken, "churn");
        var version = await server.RegisterAsync("churn", ServingServer.Fixture("linear_classifier.onnx"));
        await server.DeployAsync("churn", "churn", version);
        await server.WaitReadyAsync("churn");

        var statuses = new List<int>();
        (TimeSpan? RetryAfter, string Body)? refused = null;
        for (var i = 0; i < 8; i++)
        {
            using var response = await SendAsync(callers, "/v2/models/churn/infer", callers.Editor);
            statuses.Add((int)response.StatusCode);
            if ((int)response.StatusCode == 429)
            {
                refused ??= (response.Headers.RetryAfter?.Delta, await response.Content.ReadAsStringAsync());
            }
        }

        using var other = await SendAsync(callers, "/v2/models/churn/infer", callers.Viewer);
        using var mlflow = await SendAsync(callers, "/deployments/churn/invocations", callers.Editor);
        var metrics = await server.Http.GetStringAsync("/metrics");

        Assert.Equal([200, 200, 200], statuses.Take(3));
        Assert.True(statuses.Count(s => s == 200) <= 4, string.Join(",", statuses));
        Assert.NotNull(refused);
        Assert.True(refused.Value.RetryAfter?.TotalSeconds >= 1, "Retry-After is a whole number of seconds, at least 1");
        var error = JsonNode.Parse(refused.Value.Body)!;
        Assert.Contains("Rate limit exceeded", (string)error["error"]!, StringComparison.Ordinal);
        Assert.Equal(200, (int)other.StatusCode);
        Assert.Equal(429, (int)mlflow.StatusCode);
        Assert.Equal("REQUEST_LIMIT_EXCEEDED", (string)JsonNode.Parse(await mlflow.Content.ReadAsStringAsync())!["error_code"]!);
        Assert.NotNull(mlflow.Headers.RetryAfter);
        Assert.Contains("crucible_serving_rate_limited_total{deployment=\"churn\",reason=\"server_rate\"}", metrics, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendAsync(TestPrincipals callers, string path, TestCaller caller)
    {
        using var request = TestPrincipals.As(new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(Infer, Encoding.UTF8, "application/json") }, caller);
        return await callers.Http.SendAsync(request);
    }
}
