namespace Crucible.Ui.Tests;

/// <summary>
/// The compare page (#/compare?runs=a,b) in headless Chromium: the params and tags diff against the runs' API values,
/// the "only differences" toggle, the metrics table, overlaid charts, parallel coordinates and the scatter.
/// </summary>
public sealed class ComparePageTests(RunData data) : IClassFixture<RunData>
{
    [Fact]
    public async Task Comparing_two_runs_from_the_url_shows_their_differences()
    {
        var page = await data.Ui.SignInAsync(hash: $"#/compare?runs={data.RunA},{data.RunB}");
        await page.WaitForSelectorAsync("#compare-diff");
        Assert.Equal("Compare 2 runs", await page.TextContentAsync("h1"));
        Assert.Equal([data.RunA, data.RunB], await page.Locator("#compare-runs tbody tr").EvaluateAllAsync<string[]>("r => r.map(x => x.dataset.run)"));

        // Only differences (the default): lr and optimizer differ, depth (3 in both) is left out.
        Assert.Equal("true", await page.GetAttributeAsync("#compare-diff", "data-only-differences"));
        Assert.Equal(["lr", "optimizer"], await page.Locator("#compare-diff tr[data-kind=param]").EvaluateAllAsync<string[]>("r => r.map(x => x.dataset.key)"));
        var a = await data.GetRunAsync(data.RunA);
        var b = await data.GetRunAsync(data.RunB);
        foreach (var key in new[] { "lr", "optimizer" })
        {
            Assert.Equal(Param(a, key), await page.TextContentAsync($"#compare-diff tr[data-key='{key}'] td[data-run='{data.RunA}']"));
            Assert.Equal(Param(b, key), await page.TextContentAsync($"#compare-diff tr[data-key='{key}'] td[data-run='{data.RunB}']"));
            Assert.Contains("differs", await page.GetAttributeAsync($"#compare-diff tr[data-key='{key}']", "class") ?? string.Empty, StringComparison.Ordinal);
        }

        // A tag only one run has differs too; the shared one does not show.
        Assert.Equal(1, await page.Locator("#compare-diff tr[data-kind=tag][data-key='mlflow.parentRunId']").CountAsync());
        Assert.Equal(0, await page.Locator("#compare-diff tr[data-kind=tag][data-key='team']").CountAsync());

        await page.UncheckAsync("#only-differences");
        await page.WaitForSelectorAsync("#compare-diff[data-only-differences='false'] tr[data-key='depth']");
        Assert.Null(await page.GetAttributeAsync("#compare-diff tr[data-key='depth']", "class"));
        Assert.Contains("all=1", page.Url, StringComparison.Ordinal);

        // Metrics: the latest values, both runs.
        Assert.Equal("0.2", await page.TextContentAsync($"#compare-metrics tr[data-key='loss'] td[data-run='{data.RunA}']"));
        Assert.Equal("0.4", await page.TextContentAsync($"#compare-metrics tr[data-key='loss'] td[data-run='{data.RunB}']"));

        // Overlaid charts, one series per run; parallel coordinates and scatter, one line and one point per run.
        await page.Locator(".chart-panel[data-metric='loss']").ScrollIntoViewIfNeededAsync();
        await page.WaitForSelectorAsync(".chart-panel[data-metric='loss'] .chart[data-series='2']");
        Assert.Equal(2, await page.Locator(".chart-panel[data-metric='loss'] .chart-key").CountAsync());
        Assert.Equal("2", await page.GetAttributeAsync(".parcoords", "data-lines"));
        Assert.Equal("2", await page.GetAttributeAsync(".scatter", "data-points"));
        var axes = int.Parse((await page.GetAttributeAsync(".parcoords", "data-axes"))!, System.Globalization.CultureInfo.InvariantCulture);
        await page.UncheckAsync(".axis-chooser input[data-axis='param:lr']");
        Assert.Equal((axes - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.GetAttributeAsync(".parcoords", "data-axes"));
        await page.SelectOptionAsync("#scatter-x", "metric:accuracy");
        await page.SelectOptionAsync("#scatter-y", "metric:loss");
        Assert.Equal("2", await page.GetAttributeAsync(".scatter", "data-points"));

        // Legend: hiding a run takes its series off the chart.
        await page.ClickAsync($".chart-panel[data-metric='loss'] .chart-key[data-series-id='{data.RunB}']");
        await page.WaitForSelectorAsync(".chart-panel[data-metric='loss'] .chart[data-series='1']");
        await page.Locator("h1").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "compare");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_run_that_does_not_exist_is_named_and_the_others_still_compare()
    {
        var page = await data.Ui.SignInAsync(UiFixture.Viewer, $"#/compare?runs={data.RunA},{new string('0', 32)}");
        await page.WaitForSelectorAsync("#compare-missing");
        Assert.Contains(new string('0', 32), await page.TextContentAsync("#compare-missing") ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("Compare 1 run", await page.TextContentAsync("h1"));
        await page.Context.CloseAsync();
    }

    private static string Param(System.Text.Json.Nodes.JsonNode run, string key) =>
        (string)run["data"]!["params"]!.AsArray().Single(p => (string)p!["key"]! == key)!["value"]!;
}
