using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crucible.Ui.Tests;

/// <summary>
/// The monitoring, dataset and pipeline pages in headless Chromium, each checked against what the native API answers
/// for the same data (<see cref="LoopFixture"/>): drifted share and alert counts, an alert's evidence, dataset versions
/// and profile figures, a pipeline's steps and a run's step statuses; viewers and editors see no "Start run".
/// </summary>
public sealed class LoopPagesTests(LoopFixture fixture, ITestOutputHelper output) : IClassFixture<LoopFixture>
{
    private const string Native = "/api/crucible/v1";
    private const long MaxCodeBytes = 40 * 1024;

    private UiFixture Ui => fixture.Ui;

    [Fact]
    public async Task The_monitor_page_shows_the_apis_drifted_share_and_alerts_and_opens_an_alerts_evidence()
    {
        var evaluations = (await fixture.GetAsync($"{Native}/monitors/{fixture.MonitorId}/evaluations")).AsObject()["evaluations"]!.AsArray();
        var latest = evaluations.OrderBy(e => (long)e!["window_start"]!).Last()!;
        var share = (double)latest["evidence"]!["share"]!;
        var alerts = (await fixture.GetAsync($"{Native}/alerts?deployment={LoopFixture.Deployment}"))["alerts"]!.AsArray();
        var firing = alerts.Where(a => (string)a!["status"]! == "firing").ToList();
        Assert.True(firing.Count > 0, $"no firing alert: {alerts.ToJsonString()} {string.Join(" | ", evaluations.Select(e => $"{e!["window_start"]} {e["fired"]} {e["evidence"]!["sentence"]}"))}");
        Assert.True(share >= (double)latest["evidence"]!["drift_share"]!, $"the shifted hour should drift: {latest.ToJsonString()}");

        var page = await Ui.SignInAsync(UiFixture.Viewer, $"#/monitors/{LoopFixture.Deployment}");
        await page.WaitForSelectorAsync("#latest-share");
        Assert.Equal(share, double.Parse(await page.TextContentAsync("#latest-share") ?? string.Empty, CultureInfo.InvariantCulture), 4);
        Assert.Equal(firing.Count.ToString(CultureInfo.InvariantCulture), await page.TextContentAsync("#firing-count"));
        Assert.Equal(evaluations.Count.ToString(CultureInfo.InvariantCulture), await page.TextContentAsync("#window-count"));
        Assert.Equal(evaluations.Count.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync("#drift-chart", "data-points"));
        Assert.Equal(alerts.Count, await page.Locator("#alerts-table tbody tr").CountAsync());
        var columns = latest["evidence"]!["columns"]!.AsArray();
        Assert.Equal(columns.Count, await page.Locator("#latest-columns tbody tr").CountAsync());
        Assert.Equal(columns.Count(c => (bool)c!["drift"]!), await page.Locator("#latest-columns tbody tr[data-drift=true]").CountAsync());
        Assert.True(await page.Locator("#column-charts figure").CountAsync() >= 4);
        var report = await page.GetAttributeAsync("#drift-report-link", "href");
        Assert.Contains($"/deployments/{LoopFixture.Deployment}/drift-report?", report, StringComparison.Ordinal);
        var reportStatus = await page.EvaluateAsync<int>("async (u) => (await fetch(u)).status", report);
        Assert.Equal(200, reportStatus);

        // The signals the firing alerts raised, and the pipeline run they started (one while one is in progress), linked.
        var signals = (await fixture.GetAsync($"{Native}/retraining-signals?deployment={LoopFixture.Deployment}"))["signals"]!.AsArray();
        Assert.Equal(signals.Count, await page.Locator("#signals-table tbody tr").CountAsync());
        var runs = (await fixture.GetAsync($"{Native}/pipelines/{LoopFixture.Pipeline}/runs"))["runs"]!.AsArray();
        var started = runs.Where(r => ((string)r!["trigger"]!).StartsWith("retraining_signal:", StringComparison.Ordinal)).ToList();
        Assert.InRange(started.Count, 1, signals.Count);
        foreach (var run in started)
        {
            Assert.Equal(1, await page.Locator($"#signals-table a[href='#/pipelines/{LoopFixture.Pipeline}?run={(string)run!["run_id"]!}']").CountAsync());
        }

        await page.WaitForFunctionAsync("() => !document.querySelector('#performance > p')?.textContent.startsWith('Reading')");
        Assert.True(await page.Locator("[data-page=monitor] .banner").CountAsync() == 0, await page.Locator("[data-page=monitor]").InnerTextAsync());
        Assert.Equal(1, await page.Locator("#performance-note, #performance-summary").CountAsync());
        await Screenshots.TakeAsync(page, "monitor");

        var alert = firing[0]!;
        await page.ClickAsync($"#alerts-table button.evidence[data-alert='{(string)alert["id"]!}']");
        await page.WaitForSelectorAsync("#alert-dialog[open]");
        Assert.Equal((string)alert["evidence"]!["sentence"]!, await page.TextContentAsync("#alert-sentence"));
        Assert.Equal(alert["evidence"]!["columns"]!.AsArray().Count, await page.Locator("#alert-columns tbody tr").CountAsync());
        Assert.Contains("alert=" + (string)alert["id"]!, page.Url, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "alert-evidence");

        // The alert's deep link opens the same evidence.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#alert-dialog[open]");
        Assert.Equal((string)alert["evidence"]!["sentence"]!, await page.TextContentAsync("#alert-sentence"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_deployment_without_a_monitor_says_so()
    {
        var page = await Ui.SignInAsync(UiFixture.Viewer, "#/monitors/no-such-deployment");
        await page.WaitForSelectorAsync("#no-monitor");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_datasets_page_lists_what_the_api_lists()
    {
        var listed = (await fixture.GetAsync($"{Native}/datasets"))["datasets"]!.AsArray();
        var page = await Ui.SignInAsync(UiFixture.Viewer, "#/datasets");
        await page.WaitForSelectorAsync(".dt-row a");
        var names = await page.Locator(".dt-row .dt-cell:first-child a").AllTextContentsAsync();
        Assert.Equal(listed.Select(d => (string)d!["name"]!).Order(), names.Order());
        Assert.Equal("2", await page.Locator(".dt-row .dt-cell:nth-child(2) a").First.TextContentAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_dataset_page_shows_its_versions_profile_provenance_checks_and_pii_as_the_api_does()
    {
        var versions = (await fixture.GetAsync($"{Native}/datasets/{LoopFixture.Dataset}/versions"))["versions"]!.AsArray();
        var v2 = await fixture.GetAsync($"{Native}/datasets/{LoopFixture.Dataset}/versions/2");
        var page = await Ui.SignInAsync(UiFixture.Editor, $"#/datasets/{LoopFixture.Dataset}");
        await page.WaitForSelectorAsync("#profile-table");
        Assert.Equal("version 2", await page.TextContentAsync("#shown-version"));
        Assert.Equal(versions.Count, await page.Locator("#versions-table tbody tr").CountAsync());
        Assert.Equal(((long)v2["row_count"]!).ToString(CultureInfo.InvariantCulture), await page.TextContentAsync("#card-rows"));
        Assert.Equal((string)v2["digest"]!, await page.TextContentAsync("#prov-digest"));
        Assert.Equal("CC-BY-4.0", await page.TextContentAsync("#prov-license"));
        Assert.Equal("churn@1", await page.TextContentAsync("#prov-parents a"));

        Assert.Contains(v2["profile"]!["columns"]!.AsArray(), c => c!["mean"] is JsonValue); // the loop below checks some figure
        foreach (var column in v2["profile"]!["columns"]!.AsArray())
        {
            var name = (string)column!["name"]!;
            var row = page.Locator($"#profile-table tr[data-column='{name}']");
            Assert.Equal(1, await row.CountAsync());
            if (column["mean"] is JsonValue mean)
            {
                var shown = double.Parse(await row.Locator("[data-field=mean]").TextContentAsync() ?? string.Empty, CultureInfo.InvariantCulture);
                Assert.Equal((double)mean, shown, (double)mean * 1e-3);
                var bins = column["histogram"]!["counts"]!.AsArray().Count;
                Assert.Equal(bins.ToString(CultureInfo.InvariantCulture), await page.GetAttributeAsync($"[id='hist-{name}']", "data-bins"));
            }
        }

        await Screenshots.TakeAsync(page, "dataset");
        await page.ClickAsync("#scan-pii");
        await page.WaitForSelectorAsync("#pii-summary");
        var pii = (await fixture.GetAsync($"{Native}/datasets/{LoopFixture.Dataset}/versions/2/pii")).AsArray();
        Assert.Contains(pii, r => (string)r!["column"]! == "email" && r["entity"] is not null);
        Assert.Equal(pii.Count(r => r!["entity"] is not null), await page.Locator("#pii-table tbody tr td strong").CountAsync());

        // The overall status the page shows is the worst status of the findings the API answered.
        var checks = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#run-checks"), r => r.Url.EndsWith("/checks", StringComparison.Ordinal) && r.Request.Method == "POST");
        var statuses = (await checks.JsonAsync())!.Value.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();
        var worst = statuses.Contains("fail") ? "fail" : statuses.Contains("warn") ? "warn" : "pass";
        await page.WaitForSelectorAsync("#checks-status");
        Assert.Equal(worst, await page.TextContentAsync("#checks-status"));

        await page.ClickAsync("#versions-table a:text('1')");
        await page.WaitForFunctionAsync("() => document.querySelector('#shown-version')?.textContent === 'version 1'");
        var v1 = await fixture.GetAsync($"{Native}/datasets/{LoopFixture.Dataset}/versions/1");
        Assert.Equal(((long)v1["row_count"]!).ToString(CultureInfo.InvariantCulture), await page.TextContentAsync("#card-rows"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_sees_a_dataset_but_no_run_checks_action()
    {
        var page = await Ui.SignInAsync(UiFixture.Viewer, $"#/datasets/{LoopFixture.Dataset}");
        await page.WaitForSelectorAsync("#profile-table");
        Assert.Equal(0, await page.Locator("#run-checks").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_pipelines_page_lists_the_pipeline_with_its_steps()
    {
        var page = await Ui.SignInAsync(UiFixture.Viewer, "#/pipelines");
        await page.WaitForSelectorAsync(".dt-row a");
        Assert.Equal(LoopFixture.Pipeline, await page.Locator(".dt-row .dt-cell:first-child a").First.TextContentAsync());
        Assert.Equal("3", (await page.Locator(".dt-row .dt-cell:nth-child(2)").First.TextContentAsync())?.Trim());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_maintainer_starts_a_run_and_the_page_shows_its_steps_as_the_api_records_them()
    {
        var pipeline = (await fixture.GetAsync($"{Native}/pipelines/{LoopFixture.Pipeline}"))["pipeline"]!;
        var page = await Ui.SignInAsync(LoopFixture.Maintainer, $"#/pipelines/{LoopFixture.Pipeline}");
        await page.WaitForSelectorAsync("#step-graph [data-step]");
        var drawn = await page.Locator("#step-graph g[data-step]").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.step)");
        Assert.Equal(pipeline["steps"]!.AsArray().Select(s => (string)s!["id"]!), drawn);
        Assert.Equal(2, await page.Locator("#step-graph path.edge").CountAsync());
        Assert.Equal(1, await page.Locator("#step-graph path.edge[data-from=check][data-to=train]").CountAsync());

        Assert.True(await page.Locator($"#runs-table a[href='#/monitors/{LoopFixture.Deployment}']").CountAsync() >= 1, "a run started by a retraining signal links to the deployment's monitor");

        await page.ClickAsync("#start-run");
        await page.FillAsync("#param-train", "churn@2");
        var started = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("dialog button[type=submit]"), r => r.Url.EndsWith($"/pipelines/{LoopFixture.Pipeline}/runs", StringComparison.Ordinal) && r.Request.Method == "POST");
        var run = JsonNode.Parse(await started.TextAsync())!["run"]!;
        var runId = (string)run["run_id"]!;
        Assert.Equal("churn@2", (string)run["params"]!["train"]!);

        // The page refreshes while the run is in progress, until it has finished.
        await page.WaitForSelectorAsync($"#run-detail section[data-run='{runId}'][data-status=succeeded], #run-detail section[data-run='{runId}'][data-status=failed]", new() { Timeout = 60_000 });
        var recorded = (await fixture.GetAsync($"{Native}/pipeline-runs/{runId}"))["run"]!;
        Assert.Equal((string)recorded["status"]!, await page.TextContentAsync("#run-status"));
        foreach (var step in recorded["steps"]!.AsArray())
        {
            var id = (string)step!["step_id"]!;
            Assert.Equal((string)step["status"]!, await page.GetAttributeAsync($"#step-graph g[data-step='{id}']", "data-status"));
            Assert.Equal((string)step["status"]!, await page.GetAttributeAsync($"#step-list details[data-step='{id}']", "data-status"));
        }

        // A step's log opens from its node in the graph.
        await page.ClickAsync("#step-graph g[data-step=check]");
        var log = (string)recorded["steps"]!.AsArray().First(s => (string)s!["step_id"]! == "check")!["log"]!;
        Assert.True(await page.IsVisibleAsync("#step-list details[data-step=check][open] pre.log"));
        Assert.Equal(log, await page.TextContentAsync("#step-list details[data-step=check] pre.log"));
        await page.EvaluateAsync("() => document.querySelector('.app-main').scrollTo(0, 0)");
        await Screenshots.TakeAsync(page, "pipeline");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(UiFixture.Viewer)]
    [InlineData(UiFixture.Editor)]
    public async Task Who_may_not_start_a_run_sees_no_start_run_and_the_server_refuses_one(string user)
    {
        var page = await Ui.SignInAsync(user, $"#/pipelines/{LoopFixture.Pipeline}");
        await page.WaitForSelectorAsync("#step-graph [data-step]");
        Assert.Equal(0, await page.Locator("#start-run").CountAsync());
        var status = await page.EvaluateAsync<int>($$"""
            async () => (await fetch('{{Native}}/pipelines/{{LoopFixture.Pipeline}}/runs', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('crucible.csrf') }, body: '{}' })).status
            """);
        Assert.Equal(403, status);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Page weight, measured in Chromium: after signing in (the shell and the experiments page loaded), each page is
    /// opened by its hash in the same tab and every response it causes is summed: the page's own scripts and stylesheet
    /// (as transferred, compressed, and decoded) and its API answers. The numbers go to the test output
    /// (docs/benchmarks.md, "Web UI"); the test fails if a page's code grows past a bound.
    /// </summary>
    [Fact]
    public async Task Each_page_loads_little_code_beyond_the_shell()
    {
        string[][] pages =
        [
            ["monitor", $"#/monitors/{LoopFixture.Deployment}", "#latest-share"],
            ["datasets", "#/datasets", ".dt-row a"],
            ["dataset", $"#/datasets/{LoopFixture.Dataset}", "#profile-table"],
            ["pipelines", "#/pipelines", ".dt-row a"],
            ["pipeline", $"#/pipelines/{LoopFixture.Pipeline}", "#step-graph [data-step]"],
        ];
        output.WriteLine("page | code requests | code bytes (transferred) | code bytes (decoded) | API requests | API bytes (transferred)");
        foreach (var (name, hash, ready) in pages.Select(p => (p[0], p[1], p[2])))
        {
            var page = await fixture.Ui.SignInAsync(UiFixture.Viewer);
            await page.WaitForSelectorAsync(".dt-row a");
            var responses = new List<IResponse>();
            page.Response += (_, response) => responses.Add(response);
            await page.EvaluateAsync("(h) => { location.hash = h; }", hash);
            await page.WaitForSelectorAsync($"[data-page={name}] {ready}");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            long codeWire = 0, codeDecoded = 0, apiWire = 0;
            int code = 0, api = 0;
            foreach (var response in responses.ToList())
            {
                var sizes = await response.Request.SizesAsync();
                var wire = sizes.ResponseBodySize + sizes.ResponseHeadersSize;
                if (response.Url.Contains("/ui/", StringComparison.Ordinal))
                {
                    code++;
                    codeWire += wire;
                    codeDecoded += (await response.BodyAsync()).Length;
                }
                else
                {
                    api++;
                    apiWire += wire;
                }
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} | {code} | {codeWire} | {codeDecoded} | {api} | {apiWire}"));
            Assert.True(code > 0, $"{name}: no page module was loaded");
            Assert.True(codeDecoded < MaxCodeBytes, $"{name}: {codeDecoded} bytes of code");
            await page.Context.CloseAsync();
        }
    }
}
