using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Crucible.Ui.Tests;

/// <summary>
/// What the registry and deployment pages are tested against, made through the API as the admin: a model with two
/// versions packaged from a real ONNX file (the MLP fixture Debian's python3-onnx made), trained on a logged dataset,
/// an alias, and a canary deployment served by ONNX Runtime; plus a maintainer who may move aliases and weights.
/// </summary>
public static class RegistryData
{
    public const string Model = "churn";
    public const string Deployment = "churn-live";
    public const string Dataset = "churn-train";
    public const string Maintainer = "mia";

    /// <summary>Makes everything once per server (a test class's fixture); answers the first version's run id.</summary>
    public static async Task<string> EnsureAsync(UiServer server)
    {
        var existing = await server.Admin.GetAsync($"/api/2.0/mlflow/model-versions/get?name={Model}&version=1");
        if (existing.IsSuccessStatusCode)
        {
            return (string)JsonNode.Parse(await existing.Content.ReadAsStringAsync())!["model_version"]!["run_id"]!;
        }

        await server.CreateUserAsync(Maintainer, UiFixture.Password, "maintainer");
        var experiment = await server.CreateExperimentAsync("churn-training");
        var onnx = await File.ReadAllBytesAsync(Path.Combine(Screenshots.RepositoryRoot(), "tests", "Crucible.Onnx.Tests", "Fixtures", "mlp.onnx"));
        await server.PostAsync("/api/2.0/mlflow/registered-models/create", new Dictionary<string, object> { ["name"] = Model, ["description"] = "Churn classifier" });
        string? first = null;
        for (var i = 1; i <= 2; i++)
        {
            var run = await server.PostAsync("/api/2.0/mlflow/runs/create", new Dictionary<string, object> { ["experiment_id"] = experiment, ["run_name"] = $"train-{i}" });
            var runId = (string)run["run"]!["info"]!["run_id"]!;
            first ??= runId;
            await server.PostAsync("/api/2.0/mlflow/runs/log-inputs", new JsonObject
            {
                ["run_id"] = runId,
                ["datasets"] = new JsonArray(new JsonObject
                {
                    ["dataset"] = new JsonObject { ["name"] = Dataset, ["digest"] = $"d{i}", ["source_type"] = "local", ["source"] = "/data/churn.csv" },
                }),
            });
            using var upload = await server.Admin.PostAsync($"/api/crucible/v1/runs/{runId}/packages/model", new ByteArrayContent(onnx));
            var written = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
            Assert.True(upload.IsSuccessStatusCode, written.ToJsonString());
            await server.PostAsync("/api/2.0/mlflow/model-versions/create", new Dictionary<string, object> { ["name"] = Model, ["source"] = (string)written["source"]!, ["run_id"] = runId });
        }

        await server.PostAsync("/api/2.0/mlflow/registered-models/alias", new Dictionary<string, object> { ["name"] = Model, ["alias"] = "champion", ["version"] = "1" });
        await server.PostAsync("/api/crucible/v1/deployments", new JsonObject
        {
            ["name"] = Deployment,
            ["routes"] = new JsonArray(
                new JsonObject { ["model"] = Model, ["version"] = "1", ["weight"] = 90 },
                new JsonObject { ["model"] = Model, ["version"] = "2", ["weight"] = 10 }),
        });
        return first!;
    }

    /// <summary>One OIP inference on the deployment (32 features, one row), as a script would call it.</summary>
    public static async Task InferAsync(UiServer server, int rows = 1)
    {
        var data = new JsonArray([.. Enumerable.Range(0, 32 * rows).Select(i => JsonValue.Create((float)((i % 7) - 3) / 3f))]);
        var request = new JsonObject { ["inputs"] = new JsonArray(new JsonObject { ["name"] = "input", ["datatype"] = "FP32", ["shape"] = new JsonArray(rows, 32), ["data"] = data }) };
        using var response = await server.Admin.PostAsJsonAsync($"/v2/models/{Deployment}/infer", request);
        Assert.True(response.IsSuccessStatusCode, $"infer answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<JsonNode> GetAsync(UiServer server, string path)
    {
        using var response = await server.Admin.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
