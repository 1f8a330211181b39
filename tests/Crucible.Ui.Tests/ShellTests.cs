using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Crucible.Ui.Tests;

/// <summary>
/// The shell and its assets over plain HTTP on an auth-on server: reachable anonymously (it is the sign-in page),
/// under a strict Content-Security-Policy, cached by version with ETags, compressed; every page module the route
/// table names is served; whoami hands a cookie session its CSRF token.
/// </summary>
public sealed partial class ShellTests(ShellTests.Fixture fixture) : IClassFixture<ShellTests.Fixture>
{
    private UiServer Server => fixture.Server;

    [Fact]
    public async Task The_shell_is_public_with_a_strict_policy_and_no_inline_script()
    {
        using var response = await Server.Anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches(AppScript(), html);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("{{version}}", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_are_cached_by_version_revalidated_by_etag_and_compressed()
    {
        var app = await AppScriptPathAsync();
        using var first = await Server.Anonymous.GetAsync(app);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType!.MediaType);
        Assert.Contains("immutable", first.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(31_536_000, (int)first.Headers.CacheControl.MaxAge!.Value.TotalSeconds);
        var plain = await first.Content.ReadAsByteArrayAsync();

        using var again = new HttpRequestMessage(HttpMethod.Get, app);
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await Server.Anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var brotli = new HttpRequestMessage(HttpMethod.Get, app);
        brotli.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var compressed = await Server.Anonymous.SendAsync(brotli);
        Assert.Equal("br", compressed.Content.Headers.ContentEncoding.Single());
        Assert.True((await compressed.Content.ReadAsByteArrayAsync()).Length < plain.Length);

        using var stale = await Server.Anonymous.GetAsync(Regex.Replace(app, "/ui/[0-9a-f]+/", "/ui/000000000000/"));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal("no-cache", stale.Headers.CacheControl!.ToString());

        using var missing = await Server.Anonymous.GetAsync(app.Replace("app.js", "no-such.js", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Every_page_the_route_table_names_is_served()
    {
        var root = (await AppScriptPathAsync()).Replace("app.js", string.Empty, StringComparison.Ordinal);
        var routes = await Server.Anonymous.GetStringAsync(root + "routes.js");
        var pages = PageName().Matches(routes).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(pages.Count >= 15, $"only {pages.Count} pages in routes.js");
        foreach (var page in pages)
        {
            using var response = await Server.Anonymous.GetAsync($"{root}pages/{page}.js");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"pages/{page}.js answered {(int)response.StatusCode}");
            Assert.Contains("export", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Whoami_gives_a_cookie_session_its_csrf_token_and_a_token_caller_none()
    {
        using var login = await Server.Anonymous.PostAsJsonAsync("/api/crucible/v1/auth/login", new { username = UiFixture.Editor, password = UiFixture.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var csrf = (string)JsonNode.Parse(await login.Content.ReadAsStringAsync())!["csrf_token"]!;
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/crucible/v1/auth/whoami");
        request.Headers.Add("Cookie", cookie);
        using var who = await Server.Anonymous.SendAsync(request);
        var body = JsonNode.Parse(await who.Content.ReadAsStringAsync())!;
        Assert.Equal(UiFixture.Editor, (string)body["name"]!);
        Assert.Equal(csrf, (string)body["csrf_token"]!);

        var admin = JsonNode.Parse(await Server.Admin.GetStringAsync("/api/crucible/v1/auth/whoami"))!;
        Assert.True((bool)admin["authenticated"]!);
        Assert.Null(admin["csrf_token"]);
    }

    private async Task<string> AppScriptPathAsync() => AppScript().Match(await Server.Anonymous.GetStringAsync("/")).Groups[1].Value;

    [GeneratedRegex("<script type=\"module\" src=\"(/ui/[0-9a-f]{12}/js/app\\.js)\"></script>")]
    private static partial Regex AppScript();

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>")]
    private static partial Regex InlineScript();

    [GeneratedRegex("page: '([a-z-]+)'")]
    private static partial Regex PageName();

    /// <summary>An auth-on server with the editor the whoami test signs in as.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public UiServer Server { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Server = await UiServer.StartAsync();
            await Server.CreateUserAsync(UiFixture.Editor, UiFixture.Password, "editor");
        }

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }
}
