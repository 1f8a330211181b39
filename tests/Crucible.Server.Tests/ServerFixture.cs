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

    public static async Task<ServerFixture> StartAsync(bool postgres = false)
    {
        var fixture = new ServerFixture();
        var backend = postgres ? PostgresServer.ToUri(PostgresServer.CreateDatabase("server")) : "sqlite:///" + fixture._dir.File("crucible.db");
        fixture.App = await CrucibleServer.CreateAsync(new ServerOptions { BackendStoreUri = backend, ArtifactsDestination = fixture.ArtifactsDirectory, Port = 0, Auth = new() { Enabled = false } });
        await fixture.App.StartAsync();
        fixture.Http = new HttpClient { BaseAddress = fixture.App.Address() };
        return fixture;
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
