using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Crucible.Ui.Tests;

/// <summary>
/// The run page (#/runs/{id}) in headless Chromium, checked against what the MLflow and native APIs answer: params,
/// metrics, tags and datasets; artifact previews of every kind; the metric chart's series, hover values, zoom and
/// log scale.
/// </summary>
public sealed class RunPageTests(RunData data) : IClassFixture<RunData>
{
    private UiFixture Ui => data.Ui;

    [Fact]
    public async Task The_overview_shows_the_params_metrics_tags_and_datasets_the_api_returns()
    {
        var page = await Ui.SignInAsync(hash: $"#/runs/{data.RunA}");
        await page.WaitForSelectorAsync("#run-params");
        var run = await data.GetRunAsync(data.RunA);

        Assert.Equal("bright-fox", await page.TextContentAsync("#run-name"));
        Assert.Equal("FINISHED", await page.TextContentAsync("#run-overview [data-field=status]"));
        Assert.Equal("5.0 s", await page.TextContentAsync("#run-overview [data-field=duration]"));
        Assert.Equal(Pairs(run["data"]!["params"]!), await RowsAsync(page, "#run-params"));
        Assert.Equal(Pairs(run["data"]!["tags"]!), await RowsAsync(page, "#run-tags"));

        var metrics = run["data"]!["metrics"]!.AsArray().ToDictionary(m => (string)m!["key"]!, m => (double)m!["value"]!);
        Assert.Equal(metrics.Keys.Order(), (await page.Locator("#run-metrics tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)")).Order());
        foreach (var (key, value) in metrics)
        {
            var shown = await page.GetAttributeAsync($"#run-metrics tr[data-key='{key}'] td[data-value]", "data-value");
            Assert.Equal(value, double.Parse(shown!, CultureInfo.InvariantCulture));
        }

        // The registered dataset links to its page once the native API confirms it; the other stays text.
        await page.WaitForSelectorAsync($"#run-datasets td[data-dataset='{RunData.RegisteredDataset}'] a");
        Assert.Equal("#/datasets/" + RunData.RegisteredDataset, await page.GetAttributeAsync($"#run-datasets td[data-dataset='{RunData.RegisteredDataset}'] a", "href"));
        Assert.Equal(0, await page.Locator($"#run-datasets td[data-dataset='{RunData.UnregisteredDataset}'] a").CountAsync());
        Assert.Contains("training", await page.TextContentAsync("#run-datasets tbody") ?? string.Empty, StringComparison.Ordinal);
        await Screenshots.TakeAsync(page, "run");

        // The child run names its parent as a link.
        await page.GotoAsync($"/#/runs/{data.RunB}");
        await page.WaitForSelectorAsync("#run-overview [data-field=parent] a");
        await page.ClickAsync("#run-overview [data-field=parent] a");
        await page.WaitForFunctionAsync("() => document.querySelector('#run-name')?.textContent === 'bright-fox'");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Artifacts_preview_as_text_json_image_html_and_onnx_summary()
    {
        var page = await Ui.SignInAsync(hash: $"#/runs/{data.RunA}?tab=artifacts");
        await page.WaitForSelectorAsync(".art-item[data-path='notes.txt']");
        Assert.Equal(["config.json", "model", "notes.txt", "plots", "report.html"], (await page.Locator(".art-list .art-item").EvaluateAllAsync<string[]>("b => b.map(x => x.dataset.path)")).Order());

        await page.ClickAsync(".art-item[data-path='notes.txt']");
        await page.WaitForSelectorAsync(".art-preview[data-path='notes.txt'] pre.art-text");
        Assert.Equal("trained on churn-train\nsecond line\n", await page.TextContentAsync(".art-preview pre.art-text"));
        Assert.Contains("path=notes.txt", page.Url, StringComparison.Ordinal);

        await page.ClickAsync(".art-item[data-path='config.json']");
        await page.WaitForSelectorAsync(".art-preview[data-path='config.json'] pre[data-format=json]");
        var pretty = await page.TextContentAsync(".art-preview pre.art-text");
        Assert.Equal(JsonNode.Parse("{\"lr\":0.1,\"layers\":[8,4]}")!.ToJsonString(), JsonNode.Parse(pretty!)!.ToJsonString());
        Assert.Contains("\n  \"lr\": 0.1", pretty, StringComparison.Ordinal);

        await page.ClickAsync(".art-item[data-path='plots']");
        await page.ClickAsync(".art-item[data-path='plots/roc.png']");
        var image = await page.WaitForSelectorAsync(".art-preview img.art-image");
        await page.WaitForFunctionAsync("() => document.querySelector('.art-preview img.art-image')?.complete");
        Assert.Equal(40, await image!.EvaluateAsync<int>("i => i.naturalWidth"));

        await page.ClickAsync(".art-crumbs button:first-child");
        await page.ClickAsync(".art-item[data-path='report.html']");
        var frame = await page.WaitForSelectorAsync(".art-preview iframe.art-frame");
        Assert.Equal(string.Empty, await frame!.GetAttributeAsync("sandbox"));
        var content = await (await frame.ContentFrameAsync())!.WaitForSelectorAsync("#title");
        Assert.Equal("Evaluation report", await content!.TextContentAsync());
        // The report's script never ran: the sandbox gives it no scripts.
        Assert.Equal("r", await (await frame.ContentFrameAsync())!.TitleAsync());

        await page.ClickAsync(".art-item[data-path='model']");
        await page.ClickAsync(".art-item[data-path='model/model.onnx']");
        await page.WaitForSelectorAsync("[data-onnx=summary]");
        var summary = JsonNode.Parse(await data.Server.Admin.GetStringAsync($"/api/crucible/v1/runs/{data.RunA}/onnx/model/model.onnx"))!;
        Assert.Equal(3, (int)summary["node_count"]!);
        var operators = summary["operators"]!.AsObject().ToDictionary(p => p.Key, p => (int)p.Value!);
        Assert.Equal(new Dictionary<string, int> { ["Add"] = 1, ["MatMul"] = 1, ["Relu"] = 1 }, operators);
        foreach (var (op, count) in operators)
        {
            Assert.Equal(count.ToString(CultureInfo.InvariantCulture), await page.TextContentAsync($"[data-onnx=operators] tr[data-op='{op}'] td.num"));
        }

        Assert.Equal("ai.onnx 17", await page.TextContentAsync("[data-onnx=summary] [data-field=opsets]"));
        Assert.Equal("features", await page.TextContentAsync("[data-onnx=inputs] tbody td:first-child"));
        Assert.Equal("score", await page.TextContentAsync("[data-onnx=outputs] tbody td:first-child"));
        await Screenshots.TakeAsync(page, "run-artifacts");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_onnx_summary_refuses_a_file_that_is_not_a_model_and_a_missing_one()
    {
        using var notOnnx = await data.Server.Admin.GetAsync($"/api/crucible/v1/runs/{data.RunA}/onnx/notes.txt");
        Assert.Equal(400, (int)notOnnx.StatusCode);
        Assert.Contains("not an ONNX model", await notOnnx.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var missing = await data.Server.Admin.GetAsync($"/api/crucible/v1/runs/{data.RunA}/onnx/model/nope.onnx");
        Assert.Equal(404, (int)missing.StatusCode);
        using var anonymous = await data.Server.Anonymous.GetAsync($"/api/crucible/v1/runs/{data.RunA}/onnx/model/model.onnx");
        Assert.Equal(401, (int)anonymous.StatusCode);
    }

    [Fact]
    public async Task The_chart_draws_the_run_and_hover_shows_a_value_the_api_logged_zoom_and_log_work()
    {
        var page = await Ui.SignInAsync(hash: $"#/runs/{data.RunA}?tab=charts");
        var chart = ".chart-panel[data-metric='loss'] .chart";
        await page.WaitForSelectorAsync(chart + "[data-series='1']");
        Assert.Equal("5", await page.GetAttributeAsync(chart, "data-points"));
        Assert.Equal(2, await page.Locator(".chart-panel").CountAsync());

        // Hover over the middle of the plot: the tip names the step nearest the pointer and its logged value.
        var box = (await page.Locator(chart + " .chart-overlay").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + 58 + ((box.Width - 72) / 2), box.Y + (box.Height / 2));
        var row = await page.WaitForSelectorAsync(chart + " .chart-tip-row");
        var step = long.Parse((await row!.GetAttributeAsync("data-step"))!, CultureInfo.InvariantCulture);
        var value = double.Parse((await row.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
        Assert.Equal(2, step);
        var logged = (await data.HistoryAsync(data.RunA, "loss")).Single(m => (long)m!["step"]! == step);
        Assert.Equal((double)logged!["value"]!, value);
        await Screenshots.TakeAsync(page, "run-charts");

        // Drag across the left half: the x range narrows; double-click resets it.
        Assert.False(await page.IsVisibleAsync(chart + " .chart-reset"));
        Assert.False(await page.IsVisibleAsync(chart + " .chart-legend"));
        var before = double.Parse((await page.GetAttributeAsync(chart, "data-x1"))!, CultureInfo.InvariantCulture);
        await page.Mouse.MoveAsync(box.X + 70, box.Y + 60);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + 70 + ((box.Width - 72) / 3), box.Y + 80, new MouseMoveOptions { Steps = 5 });
        await page.Mouse.UpAsync();
        await page.WaitForSelectorAsync(chart + "[data-zoomed='true']");
        Assert.True(double.Parse((await page.GetAttributeAsync(chart, "data-x1"))!, CultureInfo.InvariantCulture) < before);
        Assert.True(await page.IsVisibleAsync(chart + " .chart-reset"));
        await page.Mouse.DblClickAsync(box.X + 200, box.Y + 100);
        await page.WaitForSelectorAsync(chart + "[data-zoomed='false']");

        await page.CheckAsync("#chart-log");
        await page.WaitForSelectorAsync(chart + "[data-log='true']");
        Assert.Contains("log=1", page.Url, StringComparison.Ordinal);
        await page.SelectOptionAsync("#chart-x", "wall");
        await page.WaitForSelectorAsync(chart + "[data-x-mode='wall']");
        await page.FillAsync("#chart-filter", "acc");
        await page.WaitForSelectorAsync(".chart-panel[data-metric='loss']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Hidden });
        await page.Context.CloseAsync();
    }

    private static List<string> Pairs(JsonNode list) =>
        [.. list.AsArray().Select(p => $"{(string)p!["key"]!}={(string)p["value"]!}").Order(StringComparer.Ordinal)];

    private static async Task<List<string>> RowsAsync(IPage page, string table) =>
        [.. (await page.Locator(table + " tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.cells[0].textContent + '=' + r.cells[1].textContent)")).Order(StringComparer.Ordinal)];
}
