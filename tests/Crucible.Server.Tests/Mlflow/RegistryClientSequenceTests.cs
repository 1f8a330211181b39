using System.Text;
using System.Text.Json.Nodes;
using Crucible.Server.Tests.Registry;

namespace Crucible.Server.Tests.Mlflow;

/// <summary>
/// The registry calls MLflow's Python client (MLflow 3) makes, replayed in shape: registering sources MLflow accepts
/// but Crucible cannot serve (another bucket, another flavor, no MLmodel, a run that does not exist), then listing,
/// aliasing, staging, tagging and searching them, and the deploy that refuses them naming why. On SQLite and PostgreSQL.
/// </summary>
public sealed class RegistryClientSequenceTests
{
    private const string NotPrompt = "tag.`mlflow.prompt.is_prompt` != 'true'";

    private const string SklearnMlModel = """
        artifact_path: model
        flavors:
          python_function:
            env:
              conda: conda.yaml
            loader_module: mlflow.sklearn
            model_path: model.pkl
            python_version: 3.11.9
          sklearn:
            code: null
            pickled_model: model.pkl
            serialization_format: cloudpickle
            sklearn_version: 1.5.1
        mlflow_version: 3.1.0
        model_uuid: 0f3e9c1b7a8d4e2f9b6c5a4d3e2f1a0b
        """;

    [Theory]
    [InlineData(false, FixtureCredentials.None)]
    [InlineData(true, FixtureCredentials.None)]
    [InlineData(false, FixtureCredentials.Basic)]
    [InlineData(false, FixtureCredentials.Bearer)]
    public async Task External_and_non_onnx_sources_register_list_alias_stage_tag_search_and_are_refused_at_deploy(bool postgres, FixtureCredentials credentials)
    {
        await using var server = await ServerFixture.StartAsync(postgres, credentials);
        var run = (await server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" }))["run"]!["info"]!;
        var runId = run["run_id"]!.GetValue<string>();
        var artifacts = run["artifact_uri"]!.GetValue<string>()["mlflow-artifacts:/".Length..];
        await PutAsync(server, $"{artifacts}/sk/MLmodel", Encoding.UTF8.GetBytes(SklearnMlModel));
        await PutAsync(server, $"{artifacts}/sk/model.pkl", [0x80, 0x04, 0x95]);
        await PutAsync(server, $"{artifacts}/loose/weights.bin", [1, 2, 3]);

        // MlflowClient().create_registered_model(name), then create_model_version(name, source, run_id) per source.
        await server.PostOkAsync("/api/2.0/mlflow/registered-models/create", new { name = "ext" });
        (string Source, string Reason)[] sources =
        [
            ("s3://other-bucket/x", "source outside the artifact store"),
            ($"runs:/{runId}/sk", "flavor sklearn has no onnx model"),
            ($"runs:/{runId}/loose", "no MLmodel file at source"),
            ("runs:/0123456789abcdef0123456789abcdef/model", "run '0123456789abcdef0123456789abcdef' does not exist"),
            ("models:/elsewhere/3", "source outside the artifact store"),
        ];
        for (var i = 0; i < sources.Length; i++)
        {
            var created = (await server.PostOkAsync("/api/2.0/mlflow/model-versions/create", new { name = "ext", source = sources[i].Source, run_id = runId }))["model_version"]!;
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), created["version"]!.GetValue<string>());
            Assert.Equal(sources[i].Source, created["source"]!.GetValue<string>());
            Assert.Equal("READY", created["status"]!.GetValue<string>());
            Assert.Equal("", created["description"]!.GetValue<string>());
            Assert.Equal("false", Tag(created, "crucible.servable"));
            Assert.Equal(sources[i].Reason, Tag(created, "crucible.unservable_reason"));
        }

        // A real ONNX package in the same model is servable and says so.
        var mlp = File.ReadAllBytes(RegistryServer.Fixture("mlp.onnx"));
        using (var package = await server.Http.PostAsync($"/api/crucible/v1/runs/{runId}/packages/onnx", new ByteArrayContent(mlp)))
        {
            Assert.True(package.IsSuccessStatusCode, await package.Content.ReadAsStringAsync());
        }

        var good = (await server.PostOkAsync("/api/2.0/mlflow/model-versions/create", new { name = "ext", source = $"runs:/{runId}/onnx", run_id = runId }))["model_version"]!;
        Assert.Equal("6", good["version"]!.GetValue<string>());
        Assert.Equal("true", Tag(good, "crucible.servable"));
        Assert.Null(Tag(good, "crucible.unservable_reason"));

        // search_registered_models() as MLflow 3 sends it, and get_registered_model.
        var listed = await server.GetOkAsync("/api/2.0/mlflow/registered-models/search?max_results=100&filter=" + Uri.EscapeDataString(NotPrompt));
        Assert.Equal("ext", Assert.Single(listed["registered_models"]!.AsArray())!["name"]!.GetValue<string>());
        var model = (await server.GetOkAsync("/api/2.0/mlflow/registered-models/get?name=ext"))["registered_model"]!;
        Assert.Equal("", model["description"]!.GetValue<string>());
        Assert.Equal("6", Assert.Single(model["latest_versions"]!.AsArray())!["version"]!.GetValue<string>());

        // set_registered_model_alias, get_model_version_by_alias, transition_model_version_stage, set_model_version_tag.
        await server.PostOkAsync("/api/2.0/mlflow/registered-models/alias", new { name = "ext", alias = "external", version = "1" });
        var byAlias = (await server.GetOkAsync("/api/2.0/mlflow/registered-models/alias?name=ext&alias=external"))["model_version"]!;
        Assert.Equal("s3://other-bucket/x", byAlias["source"]!.GetValue<string>());
        var staged = (await server.PostOkAsync("/api/2.0/mlflow/model-versions/transition-stage", new { name = "ext", version = "2", stage = "Staging", archive_existing_versions = false }))["model_version"]!;
        Assert.Equal("Staging", staged["current_stage"]!.GetValue<string>());
        await server.PostOkAsync("/api/2.0/mlflow/model-versions/set-tag", new { name = "ext", version = "2", key = "framework", value = "sklearn" });
        var latest = await server.PostOkAsync("/api/2.0/mlflow/registered-models/get-latest-versions", new { name = "ext", stages = new[] { "Staging" } });
        Assert.Equal("2", Assert.Single(latest["model_versions"]!.AsArray())!["version"]!.GetValue<string>());

        // search_model_versions on the name, on a user tag and on the servability tag.
        Assert.Equal(["6", "5", "4", "3", "2", "1"], await VersionsAsync(server, "name = 'ext'"));
        Assert.Equal(["2"], await VersionsAsync(server, "tags.framework = 'sklearn'"));
        Assert.Equal(["5", "4", "3", "2", "1"], await VersionsAsync(server, "name = 'ext' AND tags.`crucible.servable` = 'false'"));
        Assert.Equal(["6", "5", "4", "3", "2", "1"], await VersionsAsync(server, $"name = 'ext' AND {NotPrompt}"));

        // The servability tags belong to the server.
        var (setStatus, setBody, _) = await server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/model-versions/set-tag", """{"name":"ext","version":"1","key":"crucible.servable","value":"true"}""");
        Assert.Equal(400, setStatus);
        Assert.Equal("INVALID_PARAMETER_VALUE", setBody!["error_code"]!.GetValue<string>());

        // Deploying one is refused with the reason; by alias too; nothing is created. The ONNX version deploys.
        foreach (var (route, reason) in new[] { ("""{"model":"ext","version":"2"}""", "flavor sklearn has no onnx model"), ("""{"model":"ext","alias":"external"}""", "source outside the artifact store") })
        {
            var (status, body, _) = await server.SendAsync(HttpMethod.Post, "/api/crucible/v1/deployments", $$"""{"name":"ext-live","routes":[{{route}}]}""");
            Assert.True(status == 400, body?.ToJsonString());
            Assert.Contains(reason, body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("cannot be served", body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var (missing, _, _) = await server.SendAsync(HttpMethod.Get, "/api/crucible/v1/deployments/ext-live");
        Assert.Equal(404, missing);
        var deployed = await server.PostOkAsync("/api/crucible/v1/deployments", new { name = "ext-live", routes = new[] { new { model = "ext", version = "6" } } });
        Assert.Equal("ext-live", deployed["deployment"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Search_registered_models_answers_with_and_without_a_filter_and_with_the_clause_MLflow_3_adds(bool postgres)
    {
        await using var server = await ServerFixture.StartAsync(postgres);
        await server.PostOkAsync("/api/2.0/mlflow/registered-models/create", new { name = "churn" });
        await server.PostOkAsync("/api/2.0/mlflow/registered-models/create", new { name = "fraud", description = "", tags = new[] { new { key = "team", value = "risk" } } });
        await server.PostOkAsync("/api/2.0/mlflow/registered-models/create", new
        {
            name = "greeting",
            tags = new[] { new { key = "mlflow.prompt.is_prompt", value = "true" } },
        });

        Assert.Equal(["churn", "fraud"], await ModelsAsync(server, null));
        Assert.Equal(["churn", "fraud"], await ModelsAsync(server, NotPrompt));
        Assert.Equal(["fraud"], await ModelsAsync(server, $"name LIKE 'fr%' AND {NotPrompt}"));
        Assert.Equal(["fraud"], await ModelsAsync(server, $"tags.team = 'risk' AND {NotPrompt}"));
        Assert.Equal(["fraud"], await ModelsAsync(server, "name = 'fraud'"));
        Assert.Equal(["greeting"], await ModelsAsync(server, "tag.`mlflow.prompt.is_prompt` = 'true'"));

        // POST form too (the ajax API); the description of a model created without one is "".
        var posted = await server.PostOkAsync("/ajax-api/2.0/mlflow/registered-models/search", new { filter = NotPrompt, max_results = 10 });
        Assert.Equal(["churn", "fraud"], posted["registered_models"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        Assert.All(posted["registered_models"]!.AsArray(), m => Assert.Equal("", m!["description"]!.GetValue<string>()));
    }

    private static async Task<List<string>> ModelsAsync(ServerFixture server, string? filter)
    {
        var query = "/api/2.0/mlflow/registered-models/search?max_results=100" + (filter is null ? "" : "&filter=" + Uri.EscapeDataString(filter));
        var found = await server.GetOkAsync(query);
        return found["registered_models"]?.AsArray().Select(m => m!["name"]!.GetValue<string>()).ToList() ?? [];
    }

    private static async Task<List<string>> VersionsAsync(ServerFixture server, string filter)
    {
        var found = await server.GetOkAsync("/api/2.0/mlflow/model-versions/search?filter=" + Uri.EscapeDataString(filter));
        return found["model_versions"]?.AsArray().Select(v => v!["version"]!.GetValue<string>()).ToList() ?? [];
    }

    private static string? Tag(JsonNode version, string key) =>
        version["tags"]?.AsArray().FirstOrDefault(t => t!["key"]!.GetValue<string>() == key)?["value"]?.GetValue<string>();

    private static async Task PutAsync(ServerFixture server, string path, byte[] content)
    {
        using var response = await server.Http.PutAsync("/api/2.0/mlflow-artifacts/artifacts/" + path, new ByteArrayContent(content));
        Assert.Equal(200, (int)response.StatusCode);
    }
}
