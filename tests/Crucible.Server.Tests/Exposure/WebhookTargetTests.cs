using System.Net;
using System.Text.Json.Nodes;
using Crucible.Core.Errors;
using Crucible.Core.Net;
using Crucible.Server.Tests.Monitoring;
using Crucible.Server.Tests.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Crucible.Server.Tests.Exposure;

/// <summary>
/// Issue 15, item 5 (SSRF): webhook and notify targets on loopback, link-local, private, unspecified or multicast
/// addresses are refused when saved (the literal host) and when sent (every resolved address), unless allowed.
/// </summary>
public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "127.0.0.1 is a loopback address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address")]
    [InlineData("http://10.1.2.3/hook", "10.1.2.3 is a private address")]
    [InlineData("http://172.20.0.1/hook", "172.20.0.1 is a private address")]
    [InlineData("http://192.168.1.1/hook", "192.168.1.1 is a private address")]
    [InlineData("http://[::1]:9/hook", "::1 is a loopback address")]
    [InlineData("http://[fd00::1]/hook", "fd00::1 is a private (unique local) address")]
    [InlineData("http://[fe80::1]/hook", "fe80::1 is a link-local address")]
    [InlineData("http://0.0.0.0/hook", "0.0.0.0 is an unspecified address")]
    [InlineData("http://224.0.0.1/hook", "224.0.0.1 is a multicast address")]
    [InlineData("http://localhost:9/hook", "localhost is a loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]/hook", "127.0.0.1 is a loopback address")]
    public async Task A_monitor_webhook_or_notify_step_to_an_internal_address_is_refused_when_saved(string url, string reason)
    {
        await using var server = await PipelineServer.StartAsync(o => o with { Exposure = o.Exposure with { AllowedWebhookHosts = [] } });

        var (monitorStatus, monitorProblem) = await server.Server.SendAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject
        {
            ["deployment"] = "churn",
            ["reference_start"] = 0,
            ["reference_end"] = 3_600_000,
            ["webhook_url"] = url,
        });
        var (pipelineStatus, pipelineProblem) = await server.PostYamlAsync("/api/crucible/v1/pipelines", $"name: tell\nsteps:\n  - {{id: tell, type: notify, url: '{url}'}}\n");

        Assert.Equal(400, monitorStatus);
        Assert.Contains(reason, (string)monitorProblem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("--allow-webhook-hosts", (string)monitorProblem["detail"]!, StringComparison.Ordinal);
        Assert.Empty((await server.Server.OkAsync(HttpMethod.Get, "/api/crucible/v1/monitors"))["monitors"]!.AsArray());
        Assert.Equal(400, pipelineStatus);
        Assert.Contains("step 'tell' url", (string)pipelineProblem["detail"]!, StringComparison.Ordinal);
        Assert.Contains(reason, (string)pipelineProblem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_target_is_saved_and_an_allowed_host_or_network_opens_an_internal_one()
    {
        await using var server = await PipelineServer.StartAsync(o => o with { Exposure = o.Exposure with { AllowedWebhookHosts = ["hooks.internal", "10.20.0.0/16"] } });

        foreach (var url in new[] { "https://203.0.113.7/hook", "http://hooks.internal/x", "http://10.20.3.4/x", "https://example.com/hook" })
        {
            var (status, body) = await server.PostYamlAsync("/api/crucible/v1/pipelines", $"name: tell\nsteps:\n  - {{id: tell, type: notify, url: '{url}'}}\n");
            Assert.True(status == 200, url + ": " + body.ToJsonString());
        }

        var (refused, _) = await server.PostYamlAsync("/api/crucible/v1/pipelines", "name: tell\nsteps:\n  - {id: tell, type: notify, url: 'http://10.21.0.1/x'}\n");
        Assert.Equal(400, refused);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task A_target_built_at_run_time_is_checked_after_resolution_and_nothing_is_delivered(string host)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await PipelineServer.StartAsync(o => o with { Exposure = o.Exposure with { AllowedWebhookHosts = [] } });
        var url = receiver.Url.Replace("127.0.0.1", host, StringComparison.Ordinal);

        // The URL comes from a parameter, so the save-time check cannot see it; the connection check must.
        var run = await server.RunAsync("name: tell\nparams: {url: 'https://example.com/'}\nsteps:\n  - {id: tell, type: notify, url: '${params.url}'}\n", new JsonObject { ["url"] = url });

        Assert.Equal("succeeded", (string)run["status"]!);
        var log = (string)PipelineServer.Step(run, "tell")["log"]!;
        Assert.Contains("failed after", log, StringComparison.Ordinal);
        Assert.Contains("is a loopback address, which this server does not send to", log, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task An_allowed_receiver_gets_the_post_and_a_redirect_is_answered_not_followed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var bouncer = builder.Build();
        bouncer.MapPost("/bounce", () => Results.Redirect(receiver.Url, permanent: false, preserveMethod: true));
        await bouncer.StartAsync();
        using var http = new HttpClient(OutboundHttp.CreateHandler(new OutboundTargets(["127.0.0.1"])));

        using var direct = await http.PostAsync(receiver.Url, new StringContent("{}"));
        using var bounced = await http.PostAsync(new Uri(bouncer.Address(), "/bounce"), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, direct.StatusCode);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, bounced.StatusCode);
        Assert.Single(receiver.Received);
    }

    [Theory]
    [InlineData("8.8.8.8", null)]
    [InlineData("100.64.0.1", "private (carrier-grade NAT)")]
    [InlineData("172.32.0.1", null)]
    [InlineData("2001:4860:4860::8888", null)]
    [InlineData("ff02::1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    public void Address_ranges(string address, string? range) => Assert.Equal(range, OutboundTargets.Range(IPAddress.Parse(address)));

    [Fact]
    public void A_bad_allow_entry_is_a_clear_error() =>
        Assert.Contains("neither a host name, an address nor a CIDR network", Assert.Throws<CrucibleException>(() => new OutboundTargets(["10.0.0.0/99"])).Message, StringComparison.Ordinal);
}
