namespace Crucible.Ui.Tests;

/// <summary>
/// Issue 15's browser attacks, made by a real browser that is signed in to the UI: a page on another origin that
/// auto-submits a form to the server is refused and changes nothing; a script on the UI's own origin that leaves out
/// the CSRF header is refused too.
/// </summary>
public sealed class ForgedRequestTests(UiFixture fixture) : IClassFixture<UiFixture>
{
    private const string Evil = "http://evil.example";

    [Fact]
    public async Task A_cross_site_form_post_from_a_signed_in_browser_is_refused_and_changes_nothing()
    {
        var page = await fixture.SignInAsync();
        await page.WaitForSelectorAsync("#who");
        var target = new Uri(fixture.Server.Address, "/api/2.0/mlflow/experiments/create");
        // The classic text/plain trick: the field name and value join into a JSON body.
        var html = $$"""
            <!doctype html><html><body>
            <form id="f" method="POST" action="{{target}}" enctype="text/plain">
            <input name='{"name":"forged-by-evil","x":"' value='"}'></form>
            <script>document.getElementById('f').submit();</script></body></html>
            """;
        await page.RouteAsync(Evil + "/**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = html }));
        var response = await page.RunAndWaitForResponseAsync(() => page.GotoAsync(Evil + "/"), r => r.Url == target.ToString());
        Assert.Equal(403, response.Status);
        var experiments = (await fixture.Server.PostAsync("/api/2.0/mlflow/experiments/search", new Dictionary<string, object> { ["filter"] = "name = 'forged-by-evil'" }))["experiments"];
        Assert.True(experiments is null || experiments.AsArray().Count == 0, "the forged post created an experiment");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_same_origin_post_without_the_csrf_header_is_refused()
    {
        var page = await fixture.SignInAsync();
        await page.WaitForSelectorAsync("#who");
        var answer = await page.EvaluateAsync<string>("""
            async () => {
              const r = await fetch('/api/2.0/mlflow/experiments/create', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'no-csrf' }) });
              return r.status + ' ' + await r.text();
            }
            """);
        Assert.StartsWith("403 ", answer, StringComparison.Ordinal);
        Assert.Contains("X-CSRF-Token", answer, StringComparison.Ordinal);
        var withHeader = await page.EvaluateAsync<int>("""
            async () => (await fetch('/api/2.0/mlflow/experiments/create', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': sessionStorage.getItem('crucible.csrf') }, body: JSON.stringify({ name: 'with-csrf' }) })).status
            """);
        Assert.Equal(200, withHeader);
        await page.Context.CloseAsync();
    }
}
