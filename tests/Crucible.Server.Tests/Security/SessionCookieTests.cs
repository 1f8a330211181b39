namespace Crucible.Server.Tests.Security;

/// <summary>Browser sign-in: the session cookie's attributes, the CSRF header on mutations, logout, and the login page.</summary>
public sealed class SessionCookieTests : IAsyncLifetime
{
    private AuthServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await AuthServer.StartAsync();
        await _server.CreateUserAsync("erin", "erin-password", "editor");
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Login_sets_an_httponly_strict_cookie_and_mutations_need_the_csrf_header()
    {
        var (status, body, response) = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/auth/login", json: """{"username":"erin","password":"erin-password"}""");
        Assert.Equal(200, status);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie.Replace("samesite", string.Empty, StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        var cookie = setCookie.Split(';')[0];
        var csrf = body!["csrf_token"]!.GetValue<string>();

        var who = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", null, null, ("Cookie", cookie));
        Assert.Equal(("erin", "editor"), (who.Body!["name"]!.GetValue<string>(), who.Body["role"]!.GetValue<string>()));

        const string create = """{"name":"from-browser"}""";
        var refused = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/tokens", null, create, ("Cookie", cookie));
        Assert.Equal((403, "PERMISSION_DENIED"), (refused.Status, refused.Body!["errorCode"]!.GetValue<string>()));
        var forged = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/tokens", null, create, ("Cookie", cookie), ("X-CSRF-Token", csrf[..^2] + "AA"));
        Assert.Equal(403, forged.Status);
        Assert.DoesNotContain(await _server.Identities.ListTokensAsync("erin", CancellationToken.None), t => t.Name == "from-browser");

        var allowed = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/tokens", null, create, ("Cookie", cookie), ("X-CSRF-Token", csrf));
        Assert.Equal(200, allowed.Status);

        var logout = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/auth/logout", null, null, ("Cookie", cookie), ("X-CSRF-Token", csrf));
        Assert.Equal(200, logout.Status);
        var after = await _server.SendAsync(HttpMethod.Get, "/api/crucible/v1/auth/whoami", null, null, ("Cookie", cookie));
        Assert.False(after.Body!["authenticated"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_wrong_password_at_login_is_a_401_and_sets_no_cookie()
    {
        var (status, _, response) = await _server.SendAsync(HttpMethod.Post, "/api/crucible/v1/auth/login", json: """{"username":"erin","password":"not-her-password"}""");
        Assert.Equal(401, status);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task The_login_address_leads_to_the_web_ui_sign_in_without_credentials()
    {
        using var response = await _server.Http.GetAsync("/login");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath); // redirected to the UI's root
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("/ui/", html, StringComparison.Ordinal); // the UI shell, whose sign-in form posts to auth/login
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }
}
