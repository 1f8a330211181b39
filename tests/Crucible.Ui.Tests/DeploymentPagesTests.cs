using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crucible.Ui.Tests;

/// <summary>
/// The deployment pages in headless Chromium against a real server serving a real ONNX model: the list shows the
/// routes' shares, a maintainer changes a canary weight and rolls back and the API sees each, and the request
/// counts the page shows follow the server's own /metrics after inference calls, with the captured predictions.
/// </summary>
public sealed partial class DeploymentPagesTests(UiFixture fixture) : IClassFixture<UiFixture>, IAsyncLifetime
{
    private UiServer Server => fixture.Server;

    public async Task InitializeAsync() => await RegistryData.EnsureAsync(Server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_list_shows_each_deployment_with_its_routes_shares()
    {
        var page = await fixture.SignInAsync(UiFixture.Editor, "#/deployments");
        var row = await page.WaitForSelectorAsync($"#deployments tr[data-deployment='{RegistryData.Deployment}']");
        var text = await row!.TextContentAsync();
        Assert.Contains($"{RegistryData.Model}/1 90%", text, StringComparison.Ordinal);
        Assert.Contains($"{RegistryData.Model}/2 10%", text, StringComparison.Ordinal);
        var listed = (await RegistryData.GetAsync(Server, "/api/crucible/v1/deployments"))["deployments"]!.AsArray();
        Assert.Equal(listed.Count.ToString(CultureInfo.InvariantCulture), await page.TextContentAsync("#deployment-count"));
        await Screenshots.TakeAsync(page, "deployments");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_maintainer_changes_the_canary_weight_then_rolls_back_and_the_api_sees_each()
    {
        var before = (await RegistryData.GetAsync(Server, $"/api/crucible/v1/deployments/{RegistryData.Deployment}"))["deployment"]!;
        var page = await fixture.SignInAsync(RegistryData.Maintainer, $"#/deployments/{RegistryData.Deployment}");
        await page.WaitForSelectorAsync("#weight-1");
        await page.FillAsync("#weight-1", "30");
        Assert.Equal("25%", await page.TextContentAsync("[data-share='1']"));
        await page.ClickAsync("#save-weights");
        await page.WaitForSelectorAsync("#deployment-message.status-ok");
        var after = (await RegistryData.GetAsync(Server, $"/api/crucible/v1/deployments/{RegistryData.Deployment}"))["deployment"]!;
        Assert.Equal(30, (int)after["routes"]![1]!["weight"]!);
        Assert.Equal(90, (int)after["routes"]![0]!["weight"]!);
        Assert.Equal((long)before["revision"]! + 1, (long)after["revision"]!);
        Assert.Equal($"revision {(long)after["revision"]!}", await page.TextContentAsync("#revision"));

        await page.ClickAsync("#roll-back");
        await page.WaitForSelectorAsync("#deployment-message:has-text('Rolled back')");
        var rolled = (await RegistryData.GetAsync(Server, $"/api/crucible/v1/deployments/{RegistryData.Deployment}"))["deployment"]!;
        Assert.Equal(0, (int)rolled["routes"]![1]!["weight"]!);
        Assert.Equal("0%", await page.TextContentAsync("[data-share='1']"));

        // Someone else changes it meanwhile: the page's write is refused (expected_revision), not applied over theirs.
        using (var put = await Server.Admin.PutAsync($"/api/crucible/v1/deployments/{RegistryData.Deployment}", System.Net.Http.Json.JsonContent.Create(new Dictionary<string, object>
        {
            ["routes"] = new[] { new Dictionary<string, object> { ["model"] = RegistryData.Model, ["version"] = "1", ["weight"] = 90 }, new Dictionary<string, object> { ["model"] = RegistryData.Model, ["version"] = "2", ["weight"] = 10 } },
        })))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        await page.FillAsync("#weight-1", "50");
        await page.ClickAsync("#save-weights");
        await page.WaitForSelectorAsync("#deployment-message.status-bad");
        var kept = (await RegistryData.GetAsync(Server, $"/api/crucible/v1/deployments/{RegistryData.Deployment}"))["deployment"]!;
        Assert.Equal(10, (int)kept["routes"]![1]!["weight"]!);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Request_counts_follow_the_servers_metrics_after_inference_and_predictions_are_listed()
    {
        var page = await fixture.SignInAsync(UiFixture.Viewer, $"#/deployments/{RegistryData.Deployment}");
        await page.WaitForSelectorAsync("#serving-stats tbody tr");
        for (var i = 0; i < 6; i++)
        {
            await RegistryData.InferAsync(Server);
        }

        var served = await ServedAsync();
        Assert.True(served >= 6, $"/metrics counts {served} requests");
        await page.WaitForFunctionAsync(
            "n => [...document.querySelectorAll('#serving-stats [data-stat=requests]')].reduce((s, c) => s + Number(c.textContent), 0) === n",
            served,
            new PageWaitForFunctionOptions { Timeout = 15_000 });
        Assert.Equal(0, await page.Locator("#serving-stats [data-stat=errors].status-bad").CountAsync());
        await page.WaitForSelectorAsync("#predictions tr[data-request]", new PageWaitForSelectorOptions { Timeout = 15_000 });
        var logged = (await RegistryData.GetAsync(Server, $"/api/crucible/v1/deployments/{RegistryData.Deployment}/predictions?max_results=1000"))["predictions"]!.AsArray();
        var newest = logged.OrderByDescending(p => (long)p!["timestamp"]!).First()!;
        await page.WaitForSelectorAsync($"#predictions tr[data-request='{(string)newest["request_id"]!}']", new PageWaitForSelectorOptions { Timeout = 15_000 });
        Assert.True(await page.IsVisibleAsync("#monitor-link"));
        Assert.EndsWith($"#/monitors/{RegistryData.Deployment}", await page.GetAttributeAsync("#monitor-link", "href"), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "deployment");
        await page.Context.CloseAsync();
    }

    /// <summary>Requests the deployment answered, summed over versions and outcomes, as /metrics says.</summary>
    private async Task<long> ServedAsync()
    {
        var text = await Server.Admin.GetStringAsync("/metrics");
        return RequestsLine().Matches(text)
            .Where(m => m.Groups[1].Value.Contains($"deployment=\"{RegistryData.Deployment}\"", StringComparison.Ordinal))
            .Sum(m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("^crucible_serving_requests_total\\{([^}]*)\\} ([0-9]+)$", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();
}
