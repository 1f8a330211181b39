namespace Crucible.Server.Tests.Mlflow;

/// <summary>
/// The calls the MLflow Python client makes for a typical script (set_experiment, start_run, log_param,
/// log_metric in a loop, set_tag, log_input, log_artifact, end_run, then search_runs), with the fields it sends.
/// The client itself cannot be installed here (no PyPI), so its sequence is replayed byte for byte in shape.
/// </summary>
public class PythonClientSequenceTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    /// <summary>What the replayed client sends (the subclasses replay the sequence with Basic and with Bearer credentials).</summary>
    protected virtual FixtureCredentials Credentials => FixtureCredentials.None;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync(credentials: Credentials);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_typical_mlflow_script_runs_end_to_end()
    {
        // mlflow.set_experiment("churn"): get-by-name answers 404, then create.
        var missing = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/experiments/get-by-name?experiment_name=churn");
        Assert.Equal(404, missing.Status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", missing.Body!["error_code"]!.GetValue<string>());
        var experimentId = (await _server.PostOkAsync("/api/2.0/mlflow/experiments/create", new { name = "churn" }))["experiment_id"]!.GetValue<string>();

        // mlflow.start_run(): runs/create with the client's context tags, no run_name (the server names it).
        var run = (await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new
        {
            experiment_id = experimentId,
            user_id = "ann",
            start_time = 1_763_000_000_000L,
            tags = new[]
            {
                new { key = "mlflow.user", value = "ann" },
                new { key = "mlflow.source.name", value = "train.py" },
                new { key = "mlflow.source.type", value = "LOCAL" },
            },
        }))["run"]!;
        var runId = run["info"]!["run_id"]!.GetValue<string>();
        var runName = run["info"]!["run_name"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(runName));

        // log_param, log_metric (the client sends run_uuid too), set_tag, log_input.
        await _server.PostOkAsync("/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, run_uuid = runId, key = "C", value = "1.0" });
        for (var step = 0; step < 3; step++)
        {
            await _server.PostOkAsync("/api/2.0/mlflow/runs/log-metric", new { run_id = runId, run_uuid = runId, key = "auc", value = 0.8 + (step * 0.01), timestamp = 1_763_000_000_100L + step, step = (long)step });
        }

        await _server.PostOkAsync("/api/2.0/mlflow/runs/set-tag", new { run_id = runId, run_uuid = runId, key = "stage", value = "dev" });
        await _server.PostOkAsync("/api/2.0/mlflow/runs/log-inputs", new
        {
            run_id = runId,
            datasets = new[]
            {
                new
                {
                    tags = new[] { new { key = "mlflow.data.context", value = "training" } },
                    dataset = new { name = "churn-train", digest = "4c3a9e1b", source_type = "local", source = "{\"uri\": \"/data/train.csv\"}", schema = "{\"mlflow_colspec\": []}", profile = "{\"num_rows\": 1000}" },
                },
            },
        });

        // log_artifact: PUT through the proxy under the run's artifact URI.
        using (var put = await _server.Http.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/{experimentId}/{runId}/artifacts/notes.txt", new StringContent("hello")))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        // mlflow.end_run(): runs/update with FINISHED and end_time.
        var updated = await _server.PostOkAsync("/api/2.0/mlflow/runs/update", new { run_id = runId, run_uuid = runId, status = "FINISHED", end_time = 1_763_000_001_000L });
        Assert.Equal("FINISHED", updated["run_info"]!["status"]!.GetValue<string>());

        // mlflow.search_runs(filter_string=..., order_by=[...]).
        var found = await _server.PostOkAsync("/api/2.0/mlflow/runs/search", new
        {
            experiment_ids = new[] { experimentId },
            filter = "metrics.auc > 0.81 and params.C = '1.0' and tags.stage = 'dev' and attributes.status = 'FINISHED' and datasets.context = 'training'",
            run_view_type = "ACTIVE_ONLY",
            max_results = 100,
            order_by = new[] { "metrics.auc DESC", "attributes.start_time DESC" },
        });
        var hit = Assert.Single(found["runs"]!.AsArray())!;
        Assert.Equal(0.82, hit["data"]!["metrics"]![0]!["value"]!.GetValue<double>(), 10);
        Assert.Equal(1_763_000_001_000L, hit["info"]!["end_time"]!.GetValue<long>());
        Assert.Equal("churn-train", hit["inputs"]!["dataset_inputs"]![0]!["dataset"]!["name"]!.GetValue<string>());
        var tags = hit["data"]!["tags"]!.AsArray().ToDictionary(t => t!["key"]!.GetValue<string>(), t => t!["value"]!.GetValue<string>());
        Assert.Equal(runName, tags["mlflow.runName"]);
        Assert.Equal("train.py", tags["mlflow.source.name"]);

        var listed = await _server.GetOkAsync($"/api/2.0/mlflow/artifacts/list?run_id={runId}");
        Assert.Equal("notes.txt", listed["files"]![0]!["path"]!.GetValue<string>());
    }
}
