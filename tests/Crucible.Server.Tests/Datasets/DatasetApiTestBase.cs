using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Core.Datasets;
using Crucible.Server.Hosting;
using Crucible.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Datasets;

/// <summary>A real server on a free port with a small dataset limit, and helpers to call the dataset API.</summary>
public abstract class DatasetApiTestBase : IAsyncLifetime
{
    protected const long Limit = 64 * 1024;
    protected const string Csv = "id,age,email\n1,34,a@x.org\n2,,b@x.org\n3,51,c@x.org\n";
    private readonly TempDirectory _dir = new();
    private WebApplication _app = null!;

    protected HttpClient Http { get; private set; } = null!;

    protected string Artifacts => _dir.File("artifacts");

    protected IDatasetStore Store => _app.Services.GetRequiredService<IDatasetStore>();

    public async Task InitializeAsync()
    {
        _app = await CrucibleServer.CreateAsync(new ServerOptions
        {
            BackendStoreUri = "sqlite:///" + _dir.File("crucible.db"),
            ArtifactsDestination = Artifacts,
            Port = 0,
            Auth = new() { Enabled = false },
            MaxDatasetBytes = Limit,
        });
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = _app.Address() };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _dir.Dispose();
    }

    protected static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    protected async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, byte[]? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    protected async Task<JsonNode> OkAsync(HttpMethod method, string path, byte[]? body = null)
    {
        var (status, json) = await SendAsync(method, path, body);
        Assert.True(status == 200, $"{method} {path}: {status} {json}");
        return json!;
    }

    protected Task<JsonNode> RegisterAsync(string name, string content, string query = "format=csv") =>
        OkAsync(HttpMethod.Post, $"/api/crucible/v1/datasets/{name}/versions?{query}", Encoding.UTF8.GetBytes(content));

    protected Task<(int Status, JsonNode? Body)> PostJsonAsync(string path, JsonNode body) =>
        SendAsync(HttpMethod.Post, path, Encoding.UTF8.GetBytes(body.ToJsonString()));

    protected async Task<JsonNode> PostJsonOkAsync(string path, JsonNode body)
    {
        var (status, json) = await PostJsonAsync(path, body);
        Assert.True(status == 200, $"POST {path}: {status} {json}");
        return json!;
    }

    protected async Task<string> DownloadAsync(string name, long version) =>
        await Http.GetStringAsync($"/api/crucible/v1/datasets/{name}/versions/{version}/file");
}
