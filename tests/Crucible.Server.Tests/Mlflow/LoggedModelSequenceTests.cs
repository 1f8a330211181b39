using System.Text;
using System.Text.Json.Nodes;
using Crucible.Server.Tests.Registry;

namespace Crucible.Server.Tests.Mlflow;

/// <summary>
/// The HTTP calls the MLflow 3 Python client makes for
/// <c>mlflow.onnx.log_model(onnx_model, name="model", registered_model_name="churn")</c> inside a run, replayed over
/// real HTTP against a real server (PyPI is unreachable here, so the client itself cannot run).
/// </summary>
/// <remarks>
/// Facts relied on, read from MLflow's sources (mlflow/mlflow):
/// <list type="bullet">
/// <item>mlflow/protos/service.proto, service MlflowService: createLoggedModel POST /mlflow/logged-models;
/// getLoggedModel GET, finalizeLoggedModel PATCH and deleteLoggedModel DELETE on /mlflow/logged-models/{model_id};
/// searchLoggedModels POST /mlflow/logged-models/search; setLoggedModelTags PATCH /mlflow/logged-models/{model_id}/tags;
/// deleteLoggedModelTag DELETE /mlflow/logged-models/{model_id}/tags/{tag_key}; LogLoggedModelParams POST
/// /mlflow/logged-models/{model_id}/params; logOutputs POST /mlflow/runs/outputs (all under /api/2.0).</item>
/// <item>service.proto messages: CreateLoggedModel {experiment_id (required), name, model_type, source_run_id,
/// params[], tags[]} → {model}; FinalizeLoggedModel {model_id, status (required; READY or UPLOAD_FAILED)} → {model};
/// SearchLoggedModels {experiment_ids[], filter, datasets[], max_results (default 50, "Max threshold is 50"),
/// order_by[{field_name, ascending, dataset_name, dataset_digest}], page_token} → {models[], next_page_token};
/// SetLoggedModelTags {model_id, tags[]} → {model}; LogOutputs {run_id (required), models[{model_id, step}]};
/// Run.outputs = RunOutputs {model_outputs[ModelOutput{model_id, step}]}.</item>
/// <item>service.proto LoggedModel {info, data}; LoggedModelInfo {model_id, experiment_id, name,
/// creation_timestamp_ms, last_updated_timestamp_ms, artifact_uri, status, creator_id, model_type, source_run_id,
/// status_message, tags[], registrations[]}; LoggedModelData {params[], metrics[]}; enum LoggedModelStatus
/// {LOGGED_MODEL_STATUS_UNSPECIFIED, LOGGED_MODEL_PENDING, LOGGED_MODEL_READY, LOGGED_MODEL_UPLOAD_FAILED}.</item>
/// <item>mlflow/store/tracking/rest_store.py: get_logged_model calls GET with no body; delete_logged_model sends
/// DELETE with {"model_id"}; finalize_logged_model sends PATCH {model_id, status}; set_logged_model_tags sends PATCH
/// {tags} (no model_id in the body) to {endpoint}/tags; delete_logged_model_tag sends DELETE with no body to
/// {endpoint}/tags/{key}; create_logged_model sends the first params in the create call; log_outputs sends
/// {run_id, models}.</item>
/// <item>mlflow/models/model.py Model.log (MLflow 3): get_run(run_id) and merge the run's params into the model's
/// params; _create_logged_model(name, source_run_id, model_type, params, tags) (experiment from the active run,
/// context tags resolved); then inside _use_logged_model: log_outputs(run_id, [LoggedModelOutput(model_id, step)]),
/// log_model_metrics_for_step (get_run, get_metric_history per key, log_batch of that step's metrics with model_id);
/// the MLmodel is written with artifact_path = model.artifact_location, model_uuid = model_id, model_id, run_id;
/// client.log_model_artifacts(model_id, local_path); on leaving _use_logged_model, finalize_logged_model(READY)
/// (FAILED on an exception). After that, registered_model_name → _register_model(f"models:/{model_id}", ...).</item>
/// <item>mlflow/tracking/_model_registry/fluent.py _register_model: create_registered_model (RESOURCE_ALREADY_EXISTS
/// tolerated); for a models:/ URI, source stays the URI, run_id stays None and model_id is parsed from it;
/// _create_model_version(name, source, run_id, tags, model_id, ...); then get_logged_model(model_id) and
/// set_logged_model_tags(model_id, {"mlflow.model_versions": json list of {name, version}}). For a runs:/ URI that
/// is not a directory, it searches logged models of the run's experiment and reads run.outputs.model_outputs.</item>
/// <item>An MLflow SQL store (same code shape as MLflow's) makes ids as f"m-{uuid4().hex}" and the artifact location
/// append_to_uri_path(experiment.artifact_location, "models", model_id, "artifacts"), and refuses a non-active
/// experiment with INVALID_PARAMETER_VALUE.</item>
/// </list>
/// Not verified from the sources (so not asserted as MLflow behavior): whether _create_model_version sends run_id for
/// a models:/ source (Crucible fills it from source_run_id when absent) and the exact calls log_model_artifacts makes
/// before its uploads (the replay uses the PUTs the artifact proxy gets for mlflow-artifacts:/ locations).
/// </remarks>
public class LoggedModelSequenceTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    /// <summary>What the replayed client sends (the subclasses replay the sequence with Basic and with Bearer credentials).</summary>
    protected virtual FixtureCredentials Credentials => FixtureCredentials.None;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync(credentials: Credentials);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>An MLmodel laid out as MLflow 3's Model.log writes it for the onnx flavor.</summary>
    private static string Mlflow3MlModel(string artifactLocation, string modelId, string runId) => $$"""
        artifact_path: {{artifactLocation}}
        flavors:
          onnx:
            code: null
            data: model.onnx
            onnx_version: 1.17.0
            providers:
            - CUDAExecutionProvider
            - CPUExecutionProvider
          python_function:
            data: model.onnx
            env:
              conda: conda.yaml
              virtualenv: python_env.yaml
            loader_module: mlflow.onnx
            python_version: 3.12.3
        is_signature_from_type_hint: false
        mlflow_version: 3.1.0
        model_id: {{modelId}}
        model_size_bytes: 9800
        model_uuid: {{modelId}}
        prompts: null
        run_id: {{runId}}
        signature:
          inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 32]}, "name": "input"}]'
          outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 3]}, "name": "probabilities"}]'
          params: null
        type_hint_from_example: false
        utc_time_created: '2026-01-01 00:00:00.000000'
        """;

    private async Task<JsonNode> SendOkAsync(HttpMethod method, string path, string? json = null)
    {
        var (status, body, _) = await _server.SendAsync(method, path, json);
        Assert.True(status == 200, $"{method} {path} answered {status}: {body?.ToJsonString()}");
        return body!;
    }

    private async Task<(string ExperimentId, string RunId)> StartRunAsync(string experiment = "churn")
    {
        var experimentId = (await _server.PostOkAsync("/api/2.0/mlflow/experiments/create", new { name = experiment }))["experiment_id"]!.GetValue<string>();
        var run = await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new
        {
            experiment_id = experimentId,
            user_id = "ann",
            start_time = 1_767_225_600_000L,
            tags = new[] { new { key = "mlflow.user", value = "ann" }, new { key = "mlflow.source.name", value = "train.py" }, new { key = "mlflow.source.type", value = "LOCAL" } },
        });
        return (experimentId, run["run"]!["info"]!["run_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mlflow3_onnx_log_model_with_registered_model_name_runs_end_to_end()
    {
        var (experimentId, runId) = await StartRunAsync();
        await _server.PostOkAsync("/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, run_uuid = runId, key = "hidden", value = "32" });
        await _server.PostOkAsync("/api/2.0/mlflow/runs/log-metric", new { run_id = runId, run_uuid = runId, key = "auc", value = 0.91, timestamp = 1_767_225_600_100L, step = 0L });

        // Model.log: get_run for the run's params, then create the logged model with them and the context tags.
        var params0 = (await _server.GetOkAsync($"/api/2.0/mlflow/runs/get?run_uuid={runId}&run_id={runId}"))["run"]!["data"]!["params"]!;
        var created = (await SendOkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models", $$"""
            {"experiment_id": "{{experimentId}}", "name": "model", "source_run_id": "{{runId}}",
             "params": {{params0.ToJsonString()}},
             "tags": [{"key": "mlflow.user", "value": "ann"}, {"key": "mlflow.source.name", "value": "train.py"}, {"key": "mlflow.source.type", "value": "LOCAL"}]}
            """))["model"]!;
        var modelId = created["info"]!["model_id"]!.GetValue<string>();
        var artifactUri = created["info"]!["artifact_uri"]!.GetValue<string>();
        Assert.Matches("^m-[0-9a-f]{32}$", modelId);
        Assert.Equal($"mlflow-artifacts:/{experimentId}/models/{modelId}/artifacts", artifactUri);
        Assert.Equal("LOGGED_MODEL_PENDING", created["info"]!["status"]!.GetValue<string>());
        Assert.Equal(runId, created["info"]!["source_run_id"]!.GetValue<string>());
        Assert.Equal("32", created["data"]!["params"]![0]!["value"]!.GetValue<string>());
        Assert.True(created["info"]!["creation_timestamp_ms"]!.GetValue<long>() > 0);

        // log_outputs, then log_model_metrics_for_step: get_run, get-history per key, log-batch with model_id.
        await _server.PostOkAsync("/api/2.0/mlflow/runs/outputs", new { run_id = runId, models = new[] { new { model_id = modelId, step = 0L } } });
        await _server.GetOkAsync($"/api/2.0/mlflow/runs/get?run_uuid={runId}&run_id={runId}");
        var history = await _server.GetOkAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runId}&run_uuid={runId}&metric_key=auc&max_results=25000");
        var auc = history["metrics"]![0]!;
        await _server.PostOkAsync("/api/2.0/mlflow/runs/log-batch", new
        {
            run_id = runId,
            metrics = new[] { new { key = "auc", value = auc["value"]!.GetValue<double>(), timestamp = auc["timestamp"]!.GetValue<long>(), step = 0L, model_id = modelId, run_id = runId } },
        });

        // log_model_artifacts: the files of the saved model go to the logged model's artifact location.
        var folder = artifactUri["mlflow-artifacts:/".Length..];
        foreach (var (name, content) in new[]
        {
            ("MLmodel", Encoding.UTF8.GetBytes(Mlflow3MlModel(artifactUri, modelId, runId))),
            ("model.onnx", await File.ReadAllBytesAsync(RegistryServer.Fixture("mlp.onnx"))),
            ("conda.yaml", Encoding.UTF8.GetBytes("channels:\n- conda-forge\ndependencies:\n- python=3.12.3\n- pip:\n  - mlflow==3.1.0\n  - onnx==1.17.0\nname: mlflow-env\n")),
            ("python_env.yaml", Encoding.UTF8.GetBytes("python: 3.12.3\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n")),
            ("requirements.txt", Encoding.UTF8.GetBytes("mlflow==3.1.0\nonnx==1.17.0\n")),
        })
        {
            using var put = await _server.Http.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/{folder}/{name}", new ByteArrayContent(content));
            Assert.True(put.IsSuccessStatusCode, $"PUT {name}: {(int)put.StatusCode}");
        }

        // Leaving _use_logged_model: finalize READY.
        var ready = await SendOkAsync(HttpMethod.Patch, $"/api/2.0/mlflow/logged-models/{modelId}", $$"""{"model_id": "{{modelId}}", "status": "LOGGED_MODEL_READY"}""");
        Assert.Equal("LOGGED_MODEL_READY", ready["model"]!["info"]!["status"]!.GetValue<string>());

        // _register_model("models:/<model_id>", "churn").
        await _server.PostOkAsync("/api/2.0/mlflow/registered-models/create", new { name = "churn" });
        var version = (await _server.PostOkAsync("/api/2.0/mlflow/model-versions/create", new { name = "churn", source = $"models:/{modelId}", model_id = modelId }))["model_version"]!;
        Assert.Equal("1", version["version"]!.GetValue<string>());
        Assert.Equal("READY", version["status"]!.GetValue<string>());
        Assert.Equal(modelId, version["model_id"]!.GetValue<string>());
        Assert.Equal(runId, version["run_id"]!.GetValue<string>());
        await _server.GetOkAsync("/api/2.0/mlflow/model-versions/get?name=churn&version=1");
        var current = (await SendOkAsync(HttpMethod.Get, $"/api/2.0/mlflow/logged-models/{modelId}"))["model"]!;
        Assert.Null(current["info"]!["tags"]!.AsArray().FirstOrDefault(t => t!["key"]!.GetValue<string>() == "mlflow.model_versions"));
        await SendOkAsync(HttpMethod.Patch, $"/api/2.0/mlflow/logged-models/{modelId}/tags", """{"tags": [{"key": "mlflow.model_versions", "value": "[{\"name\": \"churn\", \"version\": \"1\"}]"}]}""");

        // The version's package was read and checked from the logged model's folder, as for runs:/ sources.
        var package = await _server.GetOkAsync("/api/crucible/v1/models/churn/versions/1/package");
        Assert.Equal("input", package["package"]!["inputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("probabilities", package["package"]!["outputs"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(modelId, package["package"]!["model_uuid"]!.GetValue<string>());
        Assert.Contains(package["files"]!.AsArray(), f => f!["path"]!.GetValue<string>() == "model.onnx" && f["sha256"]!.GetValue<string>().Length == 64);
        var verified = await _server.PostOkAsync("/api/crucible/v1/models/churn/versions/1/verify", new { });
        Assert.NotNull(verified);
        var download = await _server.GetOkAsync("/api/2.0/mlflow/model-versions/get-download-uri?name=churn&version=1");
        Assert.Equal(artifactUri, download["artifact_uri"]!.GetValue<string>());

        // What the client reads back: the tag, the linked metric, and the run's outputs.
        var final = (await SendOkAsync(HttpMethod.Get, $"/api/2.0/mlflow/logged-models/{modelId}"))["model"]!;
        Assert.Contains(final["info"]!["tags"]!.AsArray(), t => t!["key"]!.GetValue<string>() == "mlflow.model_versions");
        Assert.Equal(0.91, final["data"]!["metrics"]![0]!["value"]!.GetValue<double>(), 10);
        Assert.Equal(runId, final["data"]!["metrics"]![0]!["run_id"]!.GetValue<string>());
        var run = (await _server.GetOkAsync($"/api/2.0/mlflow/runs/get?run_id={runId}"))["run"]!;
        Assert.Equal(modelId, run["outputs"]!["model_outputs"]![0]!["model_id"]!.GetValue<string>());
        Assert.Equal(0, run["outputs"]!["model_outputs"]![0]!["step"]!.GetValue<long>());
    }

    [Fact]
    public async Task Register_through_runs_uri_finds_the_logged_model_by_search_and_run_outputs()
    {
        // fluent._register_model with runs:/<run>/model when the run has no such folder: search the experiment's
        // logged models, keep those of this run named "model", pick by run.outputs.model_outputs step.
        var (experimentId, runId) = await StartRunAsync();
        var modelId = (await SendOkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models", $$"""{"experiment_id": "{{experimentId}}", "name": "model", "source_run_id": "{{runId}}"}"""))["model"]!["info"]!["model_id"]!.GetValue<string>();
        await _server.PostOkAsync("/api/2.0/mlflow/runs/outputs", new { run_id = runId, models = new[] { new { model_id = modelId, step = 4L } } });

        var page = await SendOkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models/search", $$"""{"experiment_ids": ["{{experimentId}}"]}""");
        var hit = Assert.Single(page["models"]!.AsArray())!;
        Assert.Equal((modelId, "model", runId), (hit["info"]!["model_id"]!.GetValue<string>(), hit["info"]!["name"]!.GetValue<string>(), hit["info"]!["source_run_id"]!.GetValue<string>()));
        Assert.Null(page["next_page_token"]);
        var run = (await _server.GetOkAsync($"/api/2.0/mlflow/runs/get?run_id={runId}"))["run"]!;
        Assert.Equal(4, run["outputs"]!["model_outputs"]![0]!["step"]!.GetValue<long>());
    }

    [Fact]
    public async Task Search_filters_tags_params_and_delete()
    {
        var (experimentId, runId) = await StartRunAsync();
        async Task<string> CreateAsync(string name, string param) =>
            (await SendOkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models", $$"""{"experiment_id": "{{experimentId}}", "name": "{{name}}", "source_run_id": "{{runId}}", "model_type": "classifier", "params": [{"key": "lr", "value": "{{param}}"}]}"""))["model"]!["info"]!["model_id"]!.GetValue<string>();
        var a = await CreateAsync("alpha", "0.1");
        var b = await CreateAsync("beta", "0.2");
        await SendOkAsync(HttpMethod.Patch, $"/api/2.0/mlflow/logged-models/{a}", """{"status": "LOGGED_MODEL_READY"}""");
        await SendOkAsync(HttpMethod.Patch, $"/api/2.0/mlflow/logged-models/{b}/tags", """{"tags": [{"key": "team", "value": "risk"}, {"key": "dir/key", "value": "v"}]}""");
        await SendOkAsync(HttpMethod.Post, $"/api/2.0/mlflow/logged-models/{b}/params", """{"params": [{"key": "depth", "value": "3"}]}""");

        async Task<string[]> SearchAsync(string filter, string orderBy = "[]") =>
            ((await SendOkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models/search", $$"""{"experiment_ids": ["{{experimentId}}"], "filter": "{{filter}}", "order_by": {{orderBy}}}"""))["models"]?.AsArray() ?? [])
                .Select(m => m!["info"]!["model_id"]!.GetValue<string>()).ToArray();

        Assert.Equal([a], await SearchAsync("name = 'alpha'"));
        Assert.Equal([a], await SearchAsync("status = 'READY'"));
        Assert.Equal([b], await SearchAsync("tags.team = 'risk' AND params.depth = '3'"));
        Assert.Equal([b], await SearchAsync("params.lr = '0.2' AND model_type = 'classifier'"));
        Assert.Equal([a, b], await SearchAsync("model_type = 'classifier'", """[{"field_name": "name", "ascending": true}]"""));
        Assert.Empty(await SearchAsync("name = 'nope'"));

        await SendOkAsync(HttpMethod.Delete, $"/api/2.0/mlflow/logged-models/{b}/tags/dir/key");
        await SendOkAsync(HttpMethod.Delete, $"/api/2.0/mlflow/logged-models/{b}/tags/team");
        Assert.Equal(404, (await _server.SendAsync(HttpMethod.Delete, $"/api/2.0/mlflow/logged-models/{b}/tags/team")).Status);
        var tags = (await SendOkAsync(HttpMethod.Get, $"/api/2.0/mlflow/logged-models/{b}"))["model"]!["info"]!["tags"];
        Assert.Null(tags);

        await SendOkAsync(HttpMethod.Delete, $"/api/2.0/mlflow/logged-models/{b}", $$"""{"model_id": "{{b}}"}""");
        Assert.Equal(404, (await _server.SendAsync(HttpMethod.Get, $"/api/2.0/mlflow/logged-models/{b}")).Status);
        Assert.Equal([a], await SearchAsync("model_type = 'classifier'"));

        // The ajax-api mount serves the same routes.
        await SendOkAsync(HttpMethod.Get, $"/ajax-api/2.0/mlflow/logged-models/{a}");
    }

    [Theory]
    [InlineData("GET", "/api/2.0/mlflow/logged-models/m-00000000000000000000000000000000", null, 404, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData("PATCH", "/api/2.0/mlflow/logged-models/m-00000000000000000000000000000000", """{"status": "LOGGED_MODEL_READY"}""", 404, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData("DELETE", "/api/2.0/mlflow/logged-models/nope", null, 404, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData("POST", "/api/2.0/mlflow/logged-models", """{"name": "model"}""", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("POST", "/api/2.0/mlflow/logged-models", """{"experiment_id": "987654"}""", 404, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData("POST", "/api/2.0/mlflow/logged-models", """{"experiment_id": "0", "params": [{"key": "../x", "value": "1"}]}""", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("POST", "/api/2.0/mlflow/logged-models/search", """{"filter": "colour = 'red'"}""", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("POST", "/api/2.0/mlflow/logged-models/search", """{"max_results": 51}""", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("POST", "/api/2.0/mlflow/runs/outputs", """{"models": []}""", 400, "INVALID_PARAMETER_VALUE")]
    [InlineData("POST", "/api/2.0/mlflow/model-versions/create", """{"name": "churn", "source": "models:/m-00000000000000000000000000000000"}""", 400, "INVALID_PARAMETER_VALUE")]
    public async Task Errors_use_mlflow_codes(string method, string path, string? body, int status, string code)
    {
        await _server.PostOkAsync("/api/2.0/mlflow/registered-models/create", new { name = "churn" });
        var result = await _server.SendAsync(new HttpMethod(method), path, body);
        Assert.Equal(status, result.Status);
        Assert.Equal(code, result.Body!["error_code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"status": "DONE"}""")]
    [InlineData("""{"status": "LOGGED_MODEL_STATUS_UNSPECIFIED"}""")]
    [InlineData("""{"status": "LOGGED_MODEL_PENDING"}""")]
    [InlineData("""{"status": {"a": 1}}""")]
    [InlineData("{}")]
    public async Task Finalize_with_a_bad_status_is_400(string body)
    {
        var (experimentId, _) = await StartRunAsync();
        var modelId = (await SendOkAsync(HttpMethod.Post, "/api/2.0/mlflow/logged-models", $$"""{"experiment_id": "{{experimentId}}"}"""))["model"]!["info"]!["model_id"]!.GetValue<string>();
        var result = await _server.SendAsync(HttpMethod.Patch, $"/api/2.0/mlflow/logged-models/{modelId}", body);
        Assert.Equal(400, result.Status);
        Assert.Equal("INVALID_PARAMETER_VALUE", result.Body!["error_code"]!.GetValue<string>());

        // Numbers are the enum's values: 3 is LOGGED_MODEL_UPLOAD_FAILED.
        var failed = await SendOkAsync(HttpMethod.Patch, $"/api/2.0/mlflow/logged-models/{modelId}", """{"status": 3}""");
        Assert.Equal("LOGGED_MODEL_UPLOAD_FAILED", failed["model"]!["info"]!["status"]!.GetValue<string>());
    }
}
