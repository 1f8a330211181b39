using System.Text;
using System.Text.Json.Nodes;
using Crucible.Server.Hosting;
using Crucible.Server.Tests.Registry;
using Crucible.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace Crucible.Server.Tests.Serving;

/// <summary>
/// A real Crucible server (temp SQLite, artifact folder) set up for serving tests: fast deployment refresh, seeded
/// canary routers, and helpers to register an ONNX model and deploy it.
/// </summary>
public sealed class ServingServer : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly Func<ServerOptions, ServerOptions>? _configure;
    private readonly Action<WebApplicationBuilder>? _builder;

    public ServingServer()
    {
    }

    private ServingServer(Func<ServerOptions, ServerOptions> configure, Action<WebApplicationBuilder>? builder = null)
    {
        _configure = configure;
        _builder = builder;
    }

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public string ArtifactsFolder => _dir.File("artifacts");

    public string DatabasePath => _dir.File("crucible.db");

    public ServerOptions Options { get; private set; } = null!;

    /// <summary>The run the last registered model was written into.</summary>
    public string LastRunId { get; private set; } = string.Empty;

    /// <summary>Starts a server with changed options; <paramref name="builder"/> may add services (e.g. a port's test implementation).</summary>
    public static async Task<ServingServer> StartAsync(Func<ServerOptions, ServerOptions> configure, Action<WebApplicationBuilder>? builder = null)
    {
        var server = new ServingServer(configure, builder);
        await server.InitializeAsync();
        return server;
    }

    public async Task InitializeAsync()
    {
        Options = new ServerOptions
        {
            BackendStoreUri = "sqlite:///" + DatabasePath,
            ArtifactsDestination = ArtifactsFolder,
            Port = 0,
            Auth = new() { Enabled = false },
            SqliteFullSync = false,
            DeploymentRefreshInterval = TimeSpan.FromMilliseconds(100),
            RouterSeed = 20261122,
            ModelCacheFolder = _dir.File("model-cache"),
        };
        Options = _configure?.Invoke(Options) ?? Options;
        App = await CrucibleServer.CreateAsync(Options, _builder);
        await App.StartAsync();
        Http = new HttpClient { BaseAddress = App.Address() };
        if (Options.Auth.Enabled)
        {
            // Auth on (a test opted in): the fixture's own calls run as the first-start admin.
            Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        }
    }

    /// <summary>The first-start admin token (auth on only), read from the file the server wrote beside its database.</summary>
    public string AdminToken => File.ReadAllText(Options.AdminTokenFile()).Trim();

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _dir.Dispose();
    }

    public static byte[] Fixture(string name) => File.ReadAllBytes(RegistryServer.Fixture(name));

    /// <summary>Registers <paramref name="onnx"/> as the next version of <paramref name="model"/> (created if needed); returns the version.</summary>
    public async Task<string> RegisterAsync(string model, byte[] onnx)
    {
        var run = await OkAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/create", new JsonObject { ["experiment_id"] = "0" });
        var runId = (string)run["run"]!["info"]!["run_id"]!;
        LastRunId = runId;
        using var upload = await Http.PostAsync($"/api/crucible/v1/runs/{runId}/packages/model", new ByteArrayContent(onnx));
        var written = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        Assert.True(upload.IsSuccessStatusCode, written.ToJsonString());
        await SendAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/create", new JsonObject { ["name"] = model });
        var version = await OkAsync(HttpMethod.Post, "/api/2.0/mlflow/model-versions/create", new JsonObject
        {
            ["name"] = model,
            ["source"] = (string)written["source"]!,
            ["run_id"] = runId,
        });
        return (string)version["model_version"]!["version"]!;
    }

    public Task<JsonNode> DeployAsync(JsonObject request) => OkAsync(HttpMethod.Post, "/api/crucible/v1/deployments", request);

    /// <summary>A one-route deployment of <c>model/version</c>, optionally batching.</summary>
    public Task<JsonNode> DeployAsync(string name, string model, string version, int maxBatchSize = 1, double maxDelayMs = 0) =>
        DeployAsync(new JsonObject
        {
            ["name"] = name,
            ["routes"] = new JsonArray(new JsonObject { ["model"] = model, ["version"] = version }),
            ["batching"] = new JsonObject { ["max_batch_size"] = maxBatchSize, ["max_delay_ms"] = maxDelayMs },
        });

    public async Task<(int Status, JsonNode Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? raw = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null || raw is not null)
        {
            request.Content = new StringContent(raw ?? body!.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode parsed;
        try
        {
            parsed = JsonNode.Parse(text.Trim().Length == 0 ? "{}" : text) ?? new JsonObject();
        }
        catch (System.Text.Json.JsonException)
        {
            parsed = new JsonObject { ["not_json"] = text };
        }

        return ((int)response.StatusCode, parsed);
    }

    public async Task<JsonNode> OkAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        var (status, json) = await SendAsync(method, path, body);
        Assert.True(status == 200, $"{method} {path} gave {status}: {json.ToJsonString()}");
        return json;
    }

    /// <summary>
    /// Waits until the deployment answers ready (models loaded) on this server, for up to a minute: loading takes
    /// milliseconds on a quiet machine but seconds on a loaded CI machine.
    /// </summary>
    public async Task WaitReadyAsync(string deployment)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(1))
        {
            var (status, body) = await SendAsync(HttpMethod.Get, $"/v2/models/{deployment}/ready");
            if (status == 200 && (bool?)body["ready"] == true)
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"deployment {deployment} never became ready");
    }
}
