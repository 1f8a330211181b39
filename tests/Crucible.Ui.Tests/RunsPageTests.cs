using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crucible.Ui.Tests;

/// <summary>
/// The runs page of one experiment in headless Chromium, against what MLflow's runs/search answers: server-side sort
/// by a metric, the filter grammar and its error, the column chooser, paging while scrolling with few rows in the DOM,
/// multi-select to compare, saved views (experiment tags) and the global search across names.
/// </summary>
public sealed partial class RunsPageTests(RunsPageTests.Fixture fixture) : IClassFixture<RunsPageTests.Fixture>
{
    private UiFixture Ui => fixture.Ui;

    private UiServer Server => fixture.Ui.Server;

    [Fact]
    public async Task A_metric_header_sorts_on_the_server_as_runs_search_does()
    {
        var page = await OpenAsync(fixture.SmallId);
        Assert.Equal("30 runs", await page.TextContentAsync("#run-count"));
        await page.ClickAsync("[data-sort-key='metrics.auc']");
        await page.WaitForSelectorAsync("[data-page=runs][data-loads='2']");
        var expected = await RunNamesAsync(fixture.SmallId, null, "metrics.auc DESC");
        var shown = await ShownNamesAsync(page);
        Assert.True(shown.Count >= 15, $"only {shown.Count} rows drawn");
        Assert.Equal(expected.Take(shown.Count), shown);
        Assert.Contains("sort=metrics.auc+DESC", page.Url, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "runs");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_filter_uses_the_runs_search_grammar_and_shows_its_error()
    {
        var page = await OpenAsync(fixture.SmallId);
        const string Filter = "metrics.auc > 0.5 and params.trainer = 'gbt'";
        await page.FillAsync("input[name=filter]", Filter);
        await page.PressAsync("input[name=filter]", "Enter");
        await page.WaitForSelectorAsync("[data-page=runs][data-loads='2']");
        var expected = await RunNamesAsync(fixture.SmallId, Filter, "attributes.start_time DESC");
        Assert.NotEmpty(expected);
        Assert.Equal(expected, await ShownNamesAsync(page));

        await page.FillAsync("input[name=filter]", "metrics.auc >> 1");
        await page.PressAsync("input[name=filter]", "Enter");
        var banner = await page.WaitForSelectorAsync("[role=alert]");
        Assert.Equal("INVALID_PARAMETER_VALUE", await banner!.GetAttributeAsync("data-error-code"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_column_chooser_adds_a_tag_column_and_keeps_it_in_the_link()
    {
        var page = await OpenAsync(fixture.SmallId);
        Assert.Equal(0, await page.Locator(".dt-header [data-sort-key='tags.team']").CountAsync());
        await page.ClickAsync("#choose-columns");
        await page.CheckAsync("[data-column='tags.team']");
        await page.ClickAsync("#columns-apply");
        await page.WaitForSelectorAsync(".dt-header [data-sort-key='tags.team']");
        Assert.Contains("tags.team", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);
        var first = await page.Locator(".dt-row[aria-rowindex='2'] .dt-cell").AllTextContentsAsync();
        Assert.Contains(first, c => c.StartsWith("team-", StringComparison.Ordinal));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Scrolling_pages_in_more_runs_while_the_dom_holds_only_the_rows_in_view()
    {
        var page = await OpenAsync(fixture.LargeId);
        Assert.Contains("100 runs loaded", await page.TextContentAsync("#run-count"), StringComparison.Ordinal);
        await page.EvalOnSelectorAsync(".dt-scroll", "el => el.scrollTop = el.scrollHeight");
        await page.WaitForSelectorAsync("[data-page=runs][data-loads='2']");
        await page.EvalOnSelectorAsync(".dt-scroll", "el => el.scrollTop = el.scrollHeight");
        await page.WaitForFunctionAsync("() => document.querySelector('#run-count').textContent === '650 runs'");
        await page.EvalOnSelectorAsync(".dt-scroll", "el => el.scrollTop = el.scrollHeight");
        await page.WaitForSelectorAsync(".dt-row[aria-rowindex='651']");
        Assert.True(await page.Locator(".dt-row").CountAsync() < 80, "the table drew rows that are not in view");
        var last = await page.Locator(".dt-row[aria-rowindex='651'] a").TextContentAsync();
        Assert.Equal((await RunNamesAsync(fixture.LargeId, null, "attributes.start_time DESC", 1000))[649], last);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Selecting_two_runs_opens_the_compare_page_with_both()
    {
        var page = await OpenAsync(fixture.SmallId);
        var ids = new List<string>();
        foreach (var index in new[] { "2", "4" })
        {
            var row = page.Locator($".dt-row[aria-rowindex='{index}']");
            ids.Add((await row.GetAttributeAsync("data-key"))!);
            await row.Locator("input.dt-check").CheckAsync();
        }

        Assert.Equal("Compare 2", await page.TextContentAsync("#compare"));
        await page.ClickAsync("#compare");
        await page.WaitForURLAsync(CompareUrl());
        Assert.EndsWith("#/compare?runs=" + string.Join(",", ids), page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_saved_view_is_an_experiment_tag_that_reopens_the_same_table()
    {
        var page = await OpenAsync(fixture.SmallId);
        const string Filter = "params.trainer = 'logistic'";
        Assert.False(await page.IsVisibleAsync("#delete-view"), "a delete action without a chosen view");
        await page.FillAsync("input[name=filter]", Filter);
        await page.PressAsync("input[name=filter]", "Enter");
        await page.WaitForSelectorAsync("[data-page=runs][data-loads='2']");
        await page.ClickAsync("#save-view");
        await page.FillAsync("#view-name", "logistic only");
        await page.ClickAsync("dialog button[type=submit]");
        await page.WaitForSelectorAsync("#saved-views option[value='logistic only']", new() { State = WaitForSelectorState.Attached });
        var experiment = JsonNode.Parse(await Server.Admin.GetStringAsync($"/api/2.0/mlflow/experiments/get?experiment_id={fixture.SmallId}"))!["experiment"]!;
        var tag = experiment["tags"]!.AsArray().Single(t => (string)t!["key"]! == "crucible.ui.view.logistic only");
        Assert.Equal(Filter, (string)JsonNode.Parse((string)tag!["value"]!)!["filter"]!);

        var viewer = await Ui.SignInAsync(UiFixture.Viewer, $"#/experiments/{fixture.SmallId}");
        await viewer.WaitForSelectorAsync("[data-page=runs][data-loads='1']");
        Assert.Equal(0, await viewer.Locator("#save-view").CountAsync());
        await viewer.SelectOptionAsync("#saved-views", "logistic only");
        await viewer.WaitForSelectorAsync("[data-page=runs][data-loads='2']");
        Assert.Equal(Filter, await viewer.InputValueAsync("input[name=filter]"));
        Assert.Equal(await RunNamesAsync(fixture.SmallId, Filter, "attributes.start_time DESC"), await ShownNamesAsync(viewer));
        await viewer.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_search_box_finds_names_across_experiments_and_models()
    {
        var page = await Ui.SignInAsync();
        await page.Keyboard.PressAsync("/");
        await page.Keyboard.TypeAsync("runs-page");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#search-total");
        var experiments = await page.Locator("[data-section=experiments] li a").AllTextContentsAsync();
        Assert.Equal(["runs-page-large", "runs-page-small"], experiments.Order());
        Assert.Equal(["runs-page-model"], await page.Locator("[data-section=models] li a").AllTextContentsAsync());
        Assert.Contains("No match.", await page.TextContentAsync("[data-section=datasets]"), StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "search");
        await page.Context.CloseAsync();
    }

    private async Task<IPage> OpenAsync(string experimentId)
    {
        var page = await Ui.SignInAsync(UiFixture.Editor, $"#/experiments/{experimentId}");
        await page.WaitForSelectorAsync("[data-page=runs][data-loads='1']");
        return page;
    }

    /// <summary>The run names the table shows, in row order (the DOM holds rows in the order they were drawn).</summary>
    private static async Task<List<string>> ShownNamesAsync(IPage page) =>
        [.. await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.dt-row')].sort((a, b) => a.ariaRowIndex - b.ariaRowIndex).map(r => r.querySelector('a').textContent)")];

    private async Task<List<string>> RunNamesAsync(string experimentId, string? filter, string orderBy, int max = 100)
    {
        var body = new JsonObject { ["experiment_ids"] = new JsonArray(experimentId), ["max_results"] = max, ["order_by"] = new JsonArray(orderBy) };
        if (filter is not null)
        {
            body["filter"] = filter;
        }

        var answer = await Server.PostAsync("/api/2.0/mlflow/runs/search", body);
        return [.. (answer["runs"]?.AsArray() ?? []).Select(r => (string)r!["info"]!["run_name"]!)];
    }

    [GeneratedRegex("#/compare\\?runs=")]
    private static partial Regex CompareUrl();

    /// <summary>The browser fixture plus two experiments: 30 runs with metrics, params and tags, and 650 plain runs.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public UiFixture Ui { get; } = new();

        public string SmallId { get; private set; } = string.Empty;

        public string LargeId { get; private set; } = string.Empty;

        public async Task InitializeAsync()
        {
            await Ui.InitializeAsync();
            var server = Ui.Server;
            SmallId = await server.CreateExperimentAsync("runs-page-small");
            var random = new Random(7);
            for (var i = 0; i < 30; i++)
            {
                var runId = await CreateRunAsync(server, SmallId, i);
                await server.PostAsync("/api/2.0/mlflow/runs/log-batch", new JsonObject
                {
                    ["run_id"] = runId,
                    ["metrics"] = new JsonArray(
                        new JsonObject { ["key"] = "auc", ["value"] = Math.Round(random.NextDouble(), 4), ["timestamp"] = 1_767_225_600_000L + i, ["step"] = 0 },
                        new JsonObject { ["key"] = "loss", ["value"] = Math.Round(random.NextDouble(), 4), ["timestamp"] = 1_767_225_600_000L + i, ["step"] = 0 }),
                    ["params"] = new JsonArray(new JsonObject { ["key"] = "trainer", ["value"] = i % 3 == 0 ? "logistic" : "gbt" }),
                    ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "team-" + (i % 4).ToString(CultureInfo.InvariantCulture) }),
                });
            }

            LargeId = await server.CreateExperimentAsync("runs-page-large");
            await Task.WhenAll(Enumerable.Range(0, 4).Select(async w =>
            {
                for (var i = w; i < 650; i += 4)
                {
                    await CreateRunAsync(server, LargeId, i);
                }
            }));
            await server.PostAsync("/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = "runs-page-model" });
        }

        private static async Task<string> CreateRunAsync(UiServer server, string experimentId, int i) =>
            (string)(await server.PostAsync("/api/2.0/mlflow/runs/create", new JsonObject
            {
                ["experiment_id"] = experimentId,
                ["run_name"] = "run-" + i.ToString("D3", CultureInfo.InvariantCulture),
                ["start_time"] = 1_767_225_600_000L + (i * 1000L),
            }))["run"]!["info"]!["run_id"]!;

        public Task DisposeAsync() => Ui.DisposeAsync();
    }
}
