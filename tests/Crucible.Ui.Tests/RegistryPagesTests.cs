namespace Crucible.Ui.Tests;

/// <summary>
/// The registry pages in headless Chromium against a real server: the models list, a model's versions and aliases,
/// a version's signature, files, verification and lineage graph, each checked against what the API answers; a
/// maintainer moves an alias and changes a stage and the API sees it; a viewer sees no write action.
/// </summary>
public sealed class RegistryPagesTests(UiFixture fixture) : IClassFixture<UiFixture>, IAsyncLifetime
{
    private string _firstRun = string.Empty;

    private UiServer Server => fixture.Server;

    public async Task InitializeAsync() => _firstRun = await RegistryData.EnsureAsync(Server);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_models_list_and_a_model_page_show_what_the_api_says()
    {
        var page = await fixture.SignInAsync(UiFixture.Editor, "#/models");
        await page.WaitForSelectorAsync(".dt-row a");
        var listed = (await Server.PostAsync("/api/2.0/mlflow/registered-models/search", new Dictionary<string, object> { ["max_results"] = 100 }))["registered_models"]!.AsArray();
        Assert.Equal(listed.Select(m => (string)m!["name"]!).Order(), (await page.Locator(".dt-row .dt-cell:first-child a").AllTextContentsAsync()).Order());
        await Screenshots.TakeAsync(page, "models");

        await page.ClickAsync($".dt-row a:text-is('{RegistryData.Model}')");
        await page.WaitForSelectorAsync("#versions tbody tr");
        var versions = (await Server.PostAsync("/api/2.0/mlflow/model-versions/search", new Dictionary<string, object> { ["filter"] = $"name = '{RegistryData.Model}'" }))["model_versions"]!.AsArray();
        Assert.Equal(versions.Count, await page.Locator("#versions tbody tr").CountAsync());
        Assert.Equal($"{versions.Count} versions", await page.TextContentAsync("#version-count"));
        Assert.Equal(0, await page.Locator("#more-versions").CountAsync());
        var model = (await RegistryData.GetAsync(Server, $"/api/2.0/mlflow/registered-models/get?name={RegistryData.Model}"))["registered_model"]!;
        Assert.Equal((string)model["description"]!, await page.TextContentAsync("#model-description"));
        foreach (var alias in model["aliases"]!.AsArray())
        {
            var row = page.Locator($"#alias-list li[data-alias='{(string)alias!["alias"]!}']");
            Assert.Contains($"version {(string)alias["version"]!}", await row.TextContentAsync(), StringComparison.Ordinal);
        }

        // An editor may not move aliases (a maintainer's action), so the form is not there.
        Assert.Equal(0, await page.Locator("#alias-form").CountAsync());
        await Screenshots.TakeAsync(page, "model");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_version_page_shows_its_signature_files_and_a_lineage_graph_with_run_and_deployment()
    {
        var page = await fixture.SignInAsync(UiFixture.Editor, $"#/models/{RegistryData.Model}/versions/1");
        await page.WaitForSelectorAsync("#signature-inputs tbody tr");
        var package = await RegistryData.GetAsync(Server, $"/api/crucible/v1/models/{RegistryData.Model}/versions/1/package");
        var inputs = package["package"]!["inputs"]!.AsArray();
        Assert.Equal(inputs.Select(i => (string)i!["name"]!), await page.Locator("#signature-inputs tbody tr td:first-child").AllTextContentsAsync());
        Assert.Equal(package["package"]!["outputs"]!.AsArray().Select(o => (string)o!["name"]!), await page.Locator("#signature-outputs tbody tr td:first-child").AllTextContentsAsync());
        Assert.Equal("FP32", await page.TextContentAsync("#signature-inputs tr[data-tensor='input'] td:nth-child(2)"));
        Assert.Equal("[batch, 32]", await page.TextContentAsync("#signature-inputs tr[data-tensor='input'] td:nth-child(3)"));
        var files = package["files"]!.AsArray();
        Assert.Equal(files.Select(f => (string)f!["sha256"]!), await page.Locator("#package-files tbody td.mono").AllTextContentsAsync());

        await page.ClickAsync("#verify");
        await page.WaitForSelectorAsync("#verify-result.status-ok");
        Assert.StartsWith($"Verified: {files.Count} file", await page.TextContentAsync("#verify-result"), StringComparison.Ordinal);

        var run = await page.WaitForSelectorAsync("#lineage [data-node-kind='run']");
        Assert.Equal($"run:{_firstRun}", await run!.GetAttributeAsync("data-node-id"));
        Assert.Equal($"#/runs/{_firstRun}", await run.GetAttributeAsync("href"));
        var deployment = page.Locator($"#lineage [data-node-kind='deployment'][data-node-id='deployment:{RegistryData.Deployment}']");
        Assert.Equal(1, await deployment.CountAsync());
        Assert.Contains("90% of traffic", await deployment.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator($"#lineage [data-node-kind='dataset'][data-node-id='dataset:{RegistryData.Dataset}@d1']").CountAsync());
        Assert.Equal(3, await page.Locator("#lineage .graph-edges path").CountAsync());
        await Screenshots.TakeAsync(page, "model-version");

        await page.ClickAsync($"#lineage [data-node-id='deployment:{RegistryData.Deployment}']");
        await page.WaitForURLAsync($"**/#/deployments/{RegistryData.Deployment}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_maintainer_moves_an_alias_and_changes_a_stage_and_the_api_sees_both()
    {
        await Server.PostAsync("/api/2.0/mlflow/registered-models/alias", new Dictionary<string, object> { ["name"] = RegistryData.Model, ["alias"] = "candidate", ["version"] = "1" });
        var page = await fixture.SignInAsync(RegistryData.Maintainer, $"#/models/{RegistryData.Model}");
        await page.WaitForSelectorAsync("#alias-list li[data-alias='candidate']");
        await page.FillAsync("#alias-name", "candidate");
        await page.SelectOptionAsync("#alias-version", "2");
        await page.ClickAsync("#alias-form button[type=submit]");
        await page.WaitForSelectorAsync("#alias-message.status-ok");
        var moved = await RegistryData.GetAsync(Server, $"/api/2.0/mlflow/registered-models/alias?name={RegistryData.Model}&alias=candidate");
        Assert.Equal("2", (string)moved["model_version"]!["version"]!);
        Assert.Contains("version 2", await page.TextContentAsync("#alias-list li[data-alias='candidate']"), StringComparison.Ordinal);

        await page.ClickAsync("#versions a:text-is('v2')");
        await page.WaitForSelectorAsync("#stage-form");
        await page.SelectOptionAsync("#stage-select", "Staging");
        await page.ClickAsync("#stage-form button[type=submit]");
        await page.WaitForSelectorAsync("#version-message.status-ok");
        var version = await RegistryData.GetAsync(Server, $"/api/2.0/mlflow/model-versions/get?name={RegistryData.Model}&version=2");
        Assert.Equal("Staging", (string)version["model_version"]!["current_stage"]!);
        Assert.Equal("Staging", await page.TextContentAsync("#summary-stage"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_viewer_sees_the_registry_and_deployment_but_no_write_action()
    {
        var page = await fixture.SignInAsync(UiFixture.Viewer, $"#/models/{RegistryData.Model}");
        await page.WaitForSelectorAsync("#alias-list li");
        Assert.Equal(0, await page.Locator("#alias-form, .alias-delete").CountAsync());

        await page.GotoAsync($"/#/models/{RegistryData.Model}/versions/1");
        await page.WaitForSelectorAsync("#signature-inputs tbody tr");
        Assert.Equal(0, await page.Locator("#stage-form, #alias-here-form").CountAsync());
        Assert.True(await page.IsVisibleAsync("#verify"), "verifying files only reads, so a viewer may");

        await page.GotoAsync($"/#/deployments/{RegistryData.Deployment}");
        await page.WaitForSelectorAsync("#routes-table tbody tr");
        Assert.Equal(0, await page.Locator("#weights-form, #save-weights, #roll-back, #routes input").CountAsync());

        // The server refuses it anyway: the viewer's own session, with its CSRF token, may not move an alias.
        var status = await page.EvaluateAsync<int>($$"""
            async () => (await fetch('/api/2.0/mlflow/registered-models/alias', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('crucible.csrf') },
              body: JSON.stringify({ name: '{{RegistryData.Model}}', alias: 'champion', version: '2' }) })).status
            """);
        Assert.Equal(403, status);
        await page.Context.CloseAsync();
    }
}
