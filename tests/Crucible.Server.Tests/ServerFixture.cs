using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crucible.Server.Hosting;
using Crucible.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace Crucible.Server.Tests;

/// <summary>A real Crucible server on a free loopback port, with a temp SQLite store or a fresh PostgreSQL database.</summary>
public sealed class ServerFixture : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    private ServerFixture()
    {
    }

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string ArtifactsDirectory => _dir.File("artifacts");

    /// <summary>Starts a server with auth off, or with auth on and every request of <see cref="Http"/> sending <paramref name="credentials"/> of a maintainer.</summary>
    public static async Task<ServerFixture> StartAsync(bool postgres = false, FixtureCredentials credentials = FixtureCredentials.None)
    {
        var fixture = new ServerFixture();
        var backend = postgres ? PostgresServer.ToUri(PostgresServer.CreateDatabase("server")) : "sqlite:///" + fixture._dir.File("crucible.db");
        var auth = new AuthOptions { Enabled = credentials != FixtureCredentials.None, AdminTokenFile = fixture._dir.File("admin.token") };
        fixture.App = await CrucibleServer.CreateAsync(new ServerOptions { BackendStoreUri = backend, ArtifactsDestination = fixture.ArtifactsDirectory, Port = 0, Auth = auth });
        await fixture.App.StartAsync();
        fixture.Http = new HttpClient { BaseAddress = fixture.App.Address() };
        if (credentials != FixtureCredentials.None)
        {
            await fixture.SignInAsync(credentials);
        }

        return fixture;
    }

    /// <summary>As MLflow's clients send them: a user's password (Basic) or its token (Bearer), for a maintainer the admin created.</summary>
    private async Task SignInAsync(FixtureCredentials credentials)
    {
        const string user = "mlflow-user", password = "mlflow-password";
        Http.DefaultRequestHeaders.Authorization = new("Bearer", (await File.ReadAllTextAsync(_dir.File("admin.token"))).Trim());
        await PostOkAsync("/api/crucible/v1/users", new { name = user, password, role = "maintainer" });
        Http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        if (credentials == FixtureCredentials.Bearer)
        {
            var secret = (await PostOkAsync("/api/crucible/v1/tokens", new { name = "mlflow" }))["secret"]!.GetValue<string>();
            Http.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        }

        var who = await GetOkAsync("/api/crucible/v1/auth/whoami");
        Assert.Equal((user, "maintainer"), (who["name"]!.GetValue<string>(), who["role"]!.GetValue<string>()));
    }

    /// <summary>POSTs a JSON text and returns status and parsed body (null when the body is not JSON).</summary>
    public async Task<(int Status, JsonNode? Body, string ContentType)> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? body = null;
        try
        {
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
        }

        return ((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType ?? string.Empty);
    }

    public async Task<JsonNode> PostOkAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<JsonNode> GetOkAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{pathAndQuery} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>What a <see cref="ServerFixture"/>'s client sends: nothing (auth off), or a user's Basic or Bearer credentials (auth on).</summary>
public enum FixtureCredentials
{
    None,
    Basic,
    Bearer,
}
