using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Crucible.Ui.Tests;

/// <summary>
/// Signing in through the shell's form and the experiments page in headless Chromium, checked against what the
/// MLflow API answers; a viewer sees no write action; the filter box's grammar errors are shown.
/// </summary>
public sealed class ExperimentsPageTests(UiFixture fixture) : IClassFixture<UiFixture>, IAsyncLifetime
{
    private UiServer Server => fixture.Server;

    public async Task InitializeAsync()
    {
        foreach (var name in new[] { "churn-baseline", "churn-tuned", "fraud-gbm" })
        {
            await ExperimentOnceAsync(name);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Signing_in_shows_the_experiments_the_api_lists()
    {
        var page = await fixture.SignInAsync();
        await page.WaitForSelectorAsync(".dt-row a");
        Assert.Equal($"{UiFixture.Editor} · editor", await page.TextContentAsync("#who"));
        var shown = await RowNamesAsync(page);
        var listed = (await SearchAsync(string.Empty)).Select(e => (string)e!["name"]!).ToList();
        Assert.Equal(listed.Order(), shown.Order());
        Assert.Contains("churn-tuned", shown);
        Assert.True(await page.IsVisibleAsync("#new-experiment"));
        Assert.Equal("page", await page.GetAttributeAsync("[data-nav=experiments]", "aria-current"));
        await Screenshots.TakeAsync(page, "experiments");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_form_and_says_so()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("#username", UiFixture.Editor);
        await page.FillAsync("#password", "not the password");
        await page.ClickAsync("#signin button[type=submit]");
        await page.WaitForSelectorAsync("#signin-message.status-bad");
        Assert.Equal("Wrong user name or password.", await page.TextContentAsync("#signin-message"));
        Assert.Equal(0, await page.Locator("#who").CountAsync());
        await Screenshots.TakeAsync(page, "sign-in");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_sees_the_list_but_no_new_experiment_action()
    {
        var page = await fixture.SignInAsync(UiFixture.Viewer);
        await page.WaitForSelectorAsync(".dt-row a");
        Assert.Equal($"{UiFixture.Viewer} · viewer", await page.TextContentAsync("#who"));
        Assert.Equal(0, await page.Locator("#new-experiment").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_filter_box_narrows_the_list_and_shows_a_grammar_error()
    {
        var page = await fixture.SignInAsync();
        await page.WaitForSelectorAsync(".dt-row a");
        await page.FillAsync("input[name=filter]", "churn");
        await page.PressAsync("input[name=filter]", "Enter");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('.dt-row').length === 2");
        Assert.Equal(["churn-baseline", "churn-tuned"], (await RowNamesAsync(page)).Order());
        Assert.Contains("filter=churn", page.Url, StringComparison.Ordinal);

        await page.FillAsync("input[name=filter]", "name = ");
        await page.PressAsync("input[name=filter]", "Enter");
        var banner = await page.WaitForSelectorAsync("[role=alert]");
        Assert.Equal("INVALID_PARAMETER_VALUE", await banner!.GetAttributeAsync("data-error-code"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_editor_creates_an_experiment_through_the_dialog()
    {
        var page = await fixture.SignInAsync();
        await page.ClickAsync("#new-experiment");
        await page.FillAsync("#new-experiment-name", "made-in-the-browser");
        var created = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("dialog button[type=submit]"), r => r.Url.EndsWith("/experiments/create", StringComparison.Ordinal));
        Assert.True(created.Status == 200, $"create answered {created.Status}: {await created.TextAsync()}");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#/experiments/[0-9]+$"));
        var made = Assert.Single(await SearchAsync("name = 'made-in-the-browser'"));
        Assert.EndsWith("#/experiments/" + (string)made!["experiment_id"]!, page.Url, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Keys_reach_sections_and_search_and_the_theme_toggle_is_remembered()
    {
        var page = await fixture.SignInAsync();
        await page.WaitForSelectorAsync(".dt-row a");
        await page.Keyboard.PressAsync("g");
        await page.Keyboard.PressAsync("m");
        await page.WaitForURLAsync("**/#/models");
        await page.WaitForFunctionAsync("() => document.activeElement?.matches('[data-page=models] h1')"); // rendered (the router focuses the heading last)
        Assert.Equal("page", await page.GetAttributeAsync("[data-nav=models]", "aria-current"));
        await page.Keyboard.PressAsync("/");
        Assert.Equal("global-search", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        var before = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await page.ClickAsync("#theme-toggle");
        var theme = await page.GetAttributeAsync("html", "data-theme");
        Assert.NotNull(theme);
        Assert.NotEqual(before, await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("#who");
        Assert.Equal(theme, await page.GetAttributeAsync("html", "data-theme"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_out_returns_to_the_form_and_the_session_no_longer_reads()
    {
        var page = await fixture.SignInAsync();
        await page.WaitForSelectorAsync(".dt-row a");
        await page.ClickAsync("#sign-out");
        await page.WaitForSelectorAsync("#signin");
        var status = await page.EvaluateAsync<int>("async () => (await fetch('/api/2.0/mlflow/experiments/search?max_results=1')).status");
        Assert.Equal(401, status);
        await page.Context.CloseAsync();
    }

    private static async Task<List<string>> RowNamesAsync(IPage page) =>
        [.. await page.Locator(".dt-row .dt-cell:first-child a").AllTextContentsAsync()];

    private async Task<JsonArray> SearchAsync(string filter)
    {
        var answer = await Server.PostAsync("/api/2.0/mlflow/experiments/search", new Dictionary<string, object> { ["max_results"] = 1000, ["filter"] = filter });
        return answer["experiments"]?.AsArray() ?? [];
    }

    private async Task ExperimentOnceAsync(string name)
    {
        if ((await SearchAsync($"name = '{name}'")).Count == 0)
        {
            await Server.CreateExperimentAsync(name);
        }
    }
}
