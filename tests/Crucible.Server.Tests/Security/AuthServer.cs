using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Core.Security;
using Crucible.Server.Hosting;
using Crucible.Server.Security;
using Crucible.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Security;

/// <summary>A real server with authentication on (the default), a SQLite or PostgreSQL store, a manual clock, and the admin token its first start wrote.</summary>
public sealed class AuthServer : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly bool _ownsDir;

    private AuthServer(TempDirectory dir, bool ownsDir)
    {
        _dir = dir;
        _ownsDir = ownsDir;
    }

    public ManualTimeProvider Clock { get; } = new();

    public WebApplication App { get; private set; } = null!;

    /// <summary>A client that sends no credentials and keeps no cookies (tests set headers per request).</summary>
    public HttpClient Http { get; private set; } = null!;

    public ServerOptions Options { get; private set; } = null!;

    public string TokenFile => _dir.File("admin.token");

    /// <summary>The first-start admin token read from its file; empty when no file was written.</summary>
    public string AdminToken => File.Exists(TokenFile) ? File.ReadAllText(TokenFile).Trim() : string.Empty;

    public IIdentityStore Identities => App.Services.GetRequiredService<IIdentityStore>();

    internal PasswordHashing Hashing => App.Services.GetRequiredService<PasswordHashing>();

    public static Task<AuthServer> StartAsync(Func<ServerOptions, ServerOptions>? configure = null, bool postgres = false, TempDirectory? reuse = null) =>
        StartAsync(configure, postgres ? PostgresServer.ToUri(PostgresServer.CreateDatabase("auth")) : null, reuse);

    private static async Task<AuthServer> StartAsync(Func<ServerOptions, ServerOptions>? configure, string? backend, TempDirectory? reuse)
    {
        var server = new AuthServer(reuse ?? new TempDirectory(), reuse is null);
        var options = new ServerOptions
        {
            BackendStoreUri = backend ?? "sqlite:///" + server._dir.File("crucible.db"),
            ArtifactsDestination = server._dir.File("artifacts"),
            Port = 0,
            SqliteFullSync = false,
            Time = server.Clock,
            Auth = new AuthOptions { AdminTokenFile = server.TokenFile, LastUseInterval = TimeSpan.FromMilliseconds(200) },
        };
        server.Options = configure?.Invoke(options) ?? options;
        server.App = await CrucibleServer.CreateAsync(server.Options);
        await server.App.StartAsync();
        server.Http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = server.App.Address() };
        return server;
    }

    /// <summary>The temp folder, for a second server over the same SQLite file.</summary>
    public TempDirectory Folder => _dir;

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>Sends a request with the given credentials and extra headers; returns status, parsed body (or null) and the response.</summary>
    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        HttpMethod method, string path, AuthenticationHeaderValue? auth = null, string? json = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = auth;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try
        {
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return ((int)response.StatusCode, body, response);
    }

    /// <summary>Creates a user through the API with the admin token.</summary>
    public async Task CreateUserAsync(string name, string password, string role = "editor")
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/crucible/v1/users", Bearer(AdminToken), $$"""{"name":"{{name}}","password":"{{password}}","role":"{{role}}"}""");
        Assert.True(status == 200, $"create user answered {status}: {body}");
    }

    /// <summary>Creates a token through the API and returns (id, secret).</summary>
    public async Task<(string Id, string Secret)> CreateTokenAsync(AuthenticationHeaderValue auth, string json)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/crucible/v1/tokens", auth, json);
        Assert.True(status == 200, $"create token answered {status}: {body}");
        return (body!["token"]!["id"]!.GetValue<string>(), body["secret"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (_ownsDir)
        {
            _dir.Dispose();
        }
    }
}
