using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crucible.Server;
using Crucible.Server.Hosting;
using Crucible.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace Crucible.Ui.Tests;

/// <summary>
/// A real Crucible server with authentication on, on a free port, with a SQLite store in a temp folder; its
/// first-start admin token drives the API (creating users and data the pages should show).
/// </summary>
public sealed class UiServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    public WebApplication App { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    /// <summary>A client holding the admin's Bearer token (written on a store's first start only: none over a reused store).</summary>
    public HttpClient Admin { get; private set; } = null!;

    public bool HasAdminToken => Admin.DefaultRequestHeaders.Authorization is not null;

    /// <summary>A client sending no credentials.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Starts a server; <paramref name="backendStoreUri"/>: an existing store to serve (the benchmark's), else a fresh one.</summary>
    public static async Task<UiServer> StartAsync(bool auth = true, string? backendStoreUri = null)
    {
        var server = new UiServer();
        var options = new ServerOptions
        {
            BackendStoreUri = backendStoreUri ?? "sqlite:///" + server._dir.File("crucible.db"),
            ArtifactsDestination = server._dir.File("artifacts"),
            Port = 0,
            SqliteFullSync = false,
            Auth = new AuthOptions { Enabled = auth, AdminTokenFile = server._dir.File("admin.token") },
        };
        server.App = await CrucibleServer.CreateAsync(options);
        await server.App.StartAsync();
        server.Address = server.App.Address();
        server.Anonymous = new HttpClient(new HttpClientHandler { UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.None }) { BaseAddress = server.Address };
        server.Admin = new HttpClient { BaseAddress = server.Address };
        if (auth && File.Exists(server._dir.File("admin.token")))
        {
            server.Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(server._dir.File("admin.token"))).Trim());
        }

        return server;
    }

    /// <summary>Posts JSON as the admin and answers the parsed body; fails the test on a non-2xx answer.</summary>
    public async Task<JsonNode> PostAsync(string path, object body)
    {
        using var response = await Admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text.Length == 0 ? "{}" : text)!;
    }

    public Task CreateUserAsync(string name, string password, string role) =>
        PostAsync("/api/crucible/v1/users", new Dictionary<string, string> { ["name"] = name, ["password"] = password, ["role"] = role });

    public async Task<string> CreateExperimentAsync(string name) =>
        (string)(await PostAsync("/api/2.0/mlflow/experiments/create", new Dictionary<string, string> { ["name"] = name }))["experiment_id"]!;

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        Anonymous?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        _dir.Dispose();
    }
}
