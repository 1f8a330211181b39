using System.Text;
using System.Text.Json.Nodes;
using Crucible.Server.Hosting;
using Crucible.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace Crucible.Server.Tests.Registry;

/// <summary>A real Crucible server on a free port with a fresh SQLite store and artifact folder, plus JSON helpers.</summary>
public sealed class RegistryServer : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebApplication _app = null!;

    public HttpClient Http { get; private set; } = null!;

    public string ArtifactsFolder => _dir.File("artifacts");

    public async Task InitializeAsync()
    {
        _app = await CrucibleServer.CreateAsync(new ServerOptions
        {
            BackendStoreUri = "sqlite:///" + _dir.File("crucible.db"),
            ArtifactsDestination = ArtifactsFolder,
            Port = 0,
            Auth = new() { Enabled = false },
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

    /// <summary>The committed fixtures made by Debian's python3-onnx (tests/Crucible.Onnx.Tests/Fixtures).</summary>
    public static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Crucible.Onnx.Tests", "Fixtures", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Fixture {name} not found above {AppContext.BaseDirectory}");
    }

    public async Task<(int Status, JsonNode Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text.Length == 0 ? "{}" : text)!);
    }

    /// <summary>Sends and asserts a 200, returning the body.</summary>
    public async Task<JsonNode> OkAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        var (status, json) = await SendAsync(method, path, body);
        Assert.True(status == 200, $"{method} {path} gave {status}: {json.ToJsonString()}");
        return json;
    }

    public Task<JsonNode> PostAsync(string path, JsonNode body) => OkAsync(HttpMethod.Post, "/api/2.0/mlflow/" + path, body);

    public Task<JsonNode> GetAsync(string pathAndQuery) => OkAsync(HttpMethod.Get, "/api/2.0/mlflow/" + pathAndQuery);

    /// <summary>Creates a run in the default experiment and returns (run id, artifact store folder of its artifacts).</summary>
    public async Task<(string RunId, string ArtifactPath)> NewRunAsync()
    {
        var run = await PostAsync("runs/create", new JsonObject { ["experiment_id"] = "0" });
        var info = run["run"]!["info"]!;
        var uri = (string)info["artifact_uri"]!;
        return ((string)info["run_id"]!, uri["mlflow-artifacts:/".Length..]);
    }

    public async Task PutArtifactAsync(string path, byte[] content)
    {
        using var response = await Http.PutAsync("/api/2.0/mlflow-artifacts/artifacts/" + path, new ByteArrayContent(content));
        Assert.Equal(200, (int)response.StatusCode);
    }

    public async Task<JsonNode> WritePackageAsync(string runId, string folder, byte[] onnx)
    {
        using var response = await Http.PostAsync($"/api/crucible/v1/runs/{runId}/packages/{folder}", new ByteArrayContent(onnx));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!;
    }

    public Task<JsonNode> CreateModelAsync(string name) => PostAsync("registered-models/create", new JsonObject { ["name"] = name });

    public async Task<(int Status, JsonNode Body)> CreateVersionAsync(string name, string source, string? runId = null) =>
        await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/model-versions/create", new JsonObject { ["name"] = name, ["source"] = source, ["run_id"] = runId });
}
