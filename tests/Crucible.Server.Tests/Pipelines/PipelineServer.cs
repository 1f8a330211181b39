using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Core.Registry;
using Crucible.Core.Serving;
using Crucible.Server.Tests.Registry;
using Crucible.Server.Tests.Serving;
using Crucible.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Pipelines;

/// <summary>
/// A real server with model <c>churn</c> version 1 (the linear_classifier fixture) as its <c>champion</c>, served by
/// deployment <c>churn</c> through the alias, and a labelled CSV the fixture scores well on.
/// </summary>
internal sealed class PipelineServer : IAsyncDisposable
{
    private readonly TempDirectory _dir = new();

    private PipelineServer(OwnedServer owned) => Owned = owned;

    public OwnedServer Owned { get; }

    public ServingServer Server => Owned.Server;

    public static string Fixture => RegistryServer.Fixture("linear_classifier.onnx");

    public string DataPath => _dir.File("churn.csv");

    public IModelRegistryStore Registry => Server.App.Services.GetRequiredService<IModelRegistryStore>();

    public IDeploymentStore Deployments => Server.App.Services.GetRequiredService<IDeploymentStore>();

    /// <summary>Command steps allowed and webhooks to the loopback receivers of these tests: what the pipeline tests opt in to.</summary>
    public static Crucible.Server.Hosting.ExposureOptions Trusting { get; } = new()
    {
        CommandSteps = Crucible.Pipelines.Steps.CommandStepOptions.Enabled,
        AllowedWebhookHosts = ["127.0.0.1"],
    };

    public static async Task<PipelineServer> StartAsync(
        Func<Crucible.Server.Hosting.ServerOptions, Crucible.Server.Hosting.ServerOptions>? configure = null, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? builder = null)
    {
        var server = new PipelineServer(await ServingServer.StartAsync(o => (configure ?? (x => x))(o with { PipelineScheduleInterval = TimeSpan.Zero, Exposure = Trusting }), builder).AsDisposable());
        server.WriteData(rows: 300, seed: 8);
        var version = await server.Server.RegisterAsync("churn", ServingServer.Fixture("linear_classifier.onnx"));
        await server.Server.OkAsync(HttpMethod.Post, "/api/2.0/mlflow/registered-models/alias", new JsonObject { ["name"] = "churn", ["alias"] = "champion", ["version"] = version });
        await server.Server.DeployAsync(new JsonObject
        {
            ["name"] = "churn",
            ["routes"] = new JsonArray(new JsonObject { ["model"] = "churn", ["alias"] = "champion", ["weight"] = 100 }),
        });
        return server;
    }

    /// <summary>Registers the CSV as version 1 of dataset <paramref name="name"/>; returns <c>NAME@1</c>.</summary>
    public async Task<string> RegisterDataAsync(string name)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(DataPath));
        using var response = await Server.Http.PostAsync($"/api/crucible/v1/datasets/{name}/versions?format=csv", content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return name + "@1";
    }

    /// <summary>POSTs a pipeline file as YAML text.</summary>
    public async Task<(int Status, JsonNode Body)> PostYamlAsync(string path, string yaml)
    {
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        using var response = await Server.Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!);
    }

    /// <summary>Creates the pipeline, starts a run by hand and polls until it is finished; returns the recorded run.</summary>
    public async Task<JsonNode> RunAsync(string yaml, JsonObject? parameters = null)
    {
        var (status, created) = await PostYamlAsync("/api/crucible/v1/pipelines", yaml);
        Assert.True(status == 200, created.ToJsonString());
        var name = (string)created["pipeline"]!["name"]!;
        var started = await Server.OkAsync(HttpMethod.Post, $"/api/crucible/v1/pipelines/{name}/runs", new JsonObject { ["params"] = parameters ?? new JsonObject() });
        var id = (string)started["run"]!["run_id"]!;
        for (var i = 0; i < 600; i++)
        {
            var run = (await Server.OkAsync(HttpMethod.Get, $"/api/crucible/v1/pipeline-runs/{id}"))["run"]!;
            if ((string)run["status"]! is "succeeded" or "failed")
            {
                return run;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"pipeline run {id} did not finish");
    }

    public static JsonNode Step(JsonNode run, string id) => run["steps"]!.AsArray().Single(s => (string)s!["step_id"]! == id)!;

    private void WriteData(int rows, int seed)
    {
        var random = new Random(seed);
        var lines = new List<string> { "a,b,c,d,label" };
        for (var i = 0; i < rows; i++)
        {
            var x = Enumerable.Range(0, 4).Select(_ => Math.Round((random.NextDouble() * 2) - 1, 4)).ToArray();
            var p = 1 / (1 + Math.Exp(-((0.8 * x[0]) - (1.2 * x[1]) + (0.5 * x[2]) + (2 * x[3]) - 0.3)));
            lines.Add(string.Join(',', x.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "," + (random.NextDouble() < p ? 1 : 0));
        }

        File.WriteAllLines(DataPath, lines);
    }

    public async ValueTask DisposeAsync()
    {
        await Owned.DisposeAsync();
        _dir.Dispose();
    }
}
