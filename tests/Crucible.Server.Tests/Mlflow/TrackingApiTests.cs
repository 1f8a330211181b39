
namespace Crucible.Server.Tests.Mlflow;

/// <summary>The tracking API answers MLflow's calls with MLflow's shapes.</summary>
public sealed class TrackingApiTests : IAsyncLifetime
{
    private ServerFixture _server = null!;

    public async Task InitializeAsync() => _server = await ServerFixture.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Health_and_version_answer_plain_text()
    {
        var health = await _server.Http.GetStringAsync("/health");
        Assert.Equal("OK", health);
        Assert.Matches(@"^\d+\.\d+\.\d+$", await _server.Http.GetStringAsync("/version"));
    }

    [Fact]
    public async Task Create_log_and_search_return_mlflow_shapes()
    {
        var created = await _server.PostOkAsync("/api/2.0/mlflow/experiments/create", new { name = "churn", tags = new[] { new { key = "team", value = "ml" } } });
        var experimentId = created["experiment_id"]!.GetValue<string>();

        var run = (await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = experimentId, start_time = 1700000000000L, run_name = "first", user_id = "ann" }))["run"]!;
        var runId = run["info"]!["run_id"]!.GetValue<string>();
        Assert.Equal(runId, run["info"]!["run_uuid"]!.GetValue<string>());
        Assert.Equal("RUNNING", run["info"]!["status"]!.GetValue<string>());
        Assert.Equal(1700000000000L, run["info"]!["start_time"]!.GetValue<long>()); // int64 as a JSON number
        Assert.Null(run["info"]!["end_time"]); // unset fields are omitted
        Assert.Equal($"mlflow-artifacts:/{experimentId}/{runId}/artifacts", run["info"]!["artifact_uri"]!.GetValue<string>());

        var empty = await _server.PostOkAsync("/api/2.0/mlflow/runs/log-batch", new
        {
            run_id = runId,
            metrics = new object[] { new { key = "rmse", value = 0.25, timestamp = 5L, step = 1L }, new { key = "nan", value = "NaN", timestamp = 5L } },
            @params = new[] { new { key = "model", value = "tree" } },
            tags = new[] { new { key = "stage", value = "dev" } },
        });
        Assert.Empty(empty.AsObject());

        var other = (await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = experimentId }))["run"]!["info"]!["run_id"]!.GetValue<string>();
        await _server.PostOkAsync("/api/2.0/mlflow/runs/log-metric", new { run_id = other, key = "rmse", value = 0.9, timestamp = 6L });

        var found = await _server.PostOkAsync("/api/2.0/mlflow/runs/search", new { experiment_ids = new[] { experimentId }, filter = "metrics.rmse < 0.5 and params.model = 'tree'" });
        var runs = found["runs"]!.AsArray();
        var hit = Assert.Single(runs)!;
        Assert.Equal(runId, hit["info"]!["run_id"]!.GetValue<string>());
        var metrics = hit["data"]!["metrics"]!.AsArray().ToDictionary(m => m!["key"]!.GetValue<string>(), m => m!["value"]!);
        Assert.Equal(0.25, metrics["rmse"].GetValue<double>());
        Assert.Equal("NaN", metrics["nan"].GetValue<string>());
        Assert.Null(found["next_page_token"]);

        var ordered = await _server.PostOkAsync("/api/2.0/mlflow/runs/search", new { experiment_ids = new[] { experimentId }, order_by = new[] { "metrics.rmse DESC" }, max_results = 1 });
        Assert.Equal(other, ordered["runs"]![0]!["info"]!["run_id"]!.GetValue<string>());
        Assert.NotNull(ordered["next_page_token"]);
    }

    [Fact]
    public async Task Get_endpoints_read_the_query_string_and_ajax_api_is_mounted_too()
    {
        var id = (await _server.PostOkAsync("/ajax-api/2.0/mlflow/experiments/create", new { name = "via-ajax" }))["experiment_id"]!.GetValue<string>();
        var byId = await _server.GetOkAsync($"/api/2.0/mlflow/experiments/get?experiment_id={id}");
        Assert.Equal("via-ajax", byId["experiment"]!["name"]!.GetValue<string>());
        var byName = await _server.GetOkAsync("/api/2.0/mlflow/experiments/get-by-name?experiment_name=via-ajax");
        Assert.Equal(id, byName["experiment"]!["experiment_id"]!.GetValue<string>());
        var search = await _server.GetOkAsync("/api/2.0/mlflow/experiments/search?max_results=10&filter=name%20LIKE%20%27via%25%27");
        Assert.Single(search["experiments"]!.AsArray());
    }

    [Fact]
    public async Task Metric_history_pages_through_every_value()
    {
        var runId = (await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" }))["run"]!["info"]!["run_id"]!.GetValue<string>();
        await _server.PostOkAsync("/api/2.0/mlflow/runs/log-batch", new
        {
            run_id = runId,
            metrics = Enumerable.Range(0, 30).Select(i => new { key = "loss", value = 1.0 / (i + 1), timestamp = 100L + i, step = (long)i }).ToArray(),
        });
        var steps = new List<long>();
        string? token = null;
        do
        {
            var url = $"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=loss&max_results=7" + (token is null ? string.Empty : "&page_token=" + Uri.EscapeDataString(token));
            var page = await _server.GetOkAsync(url);
            steps.AddRange(page["metrics"]!.AsArray().Select(m => m!["step"]!.GetValue<long>()));
            token = page["next_page_token"]?.GetValue<string>();
        }
        while (token is not null);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), steps);

        var all = await _server.GetOkAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=loss");
        Assert.Equal(30, all["metrics"]!.AsArray().Count);
    }

    [Fact]
    public async Task Bulk_interval_history_samples_each_runs_metric_for_charts()
    {
        var first = (await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" }))["run"]!["info"]!["run_id"]!.GetValue<string>();
        var second = (await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" }))["run"]!["info"]!["run_id"]!.GetValue<string>();
        var metrics = Enumerable.Range(0, 1000).Select(i => new { key = "loss", value = 1.0 / (i + 1), timestamp = 1_000L + i, step = (long)i }).ToArray();
        await _server.PostOkAsync("/api/2.0/mlflow/runs/log-batch", new { run_id = first, metrics });
        await _server.PostOkAsync("/api/2.0/mlflow/runs/log-batch", new { run_id = second, metrics = metrics.Take(10).ToArray() });

        // The UI's own root answers it too, as MLflow's UI calls it there.
        var sampled = await _server.GetOkAsync($"/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids={first}&run_ids={second}&metric_key=loss&max_results=100");
        var rows = sampled["metrics"]!.AsArray().Select(m => (Run: m!["run_id"]!.GetValue<string>(), Step: m["step"]!.GetValue<long>(), Value: m["value"]!.GetValue<double>())).ToList();
        // 1,000 distinct steps, max 100: every 10th (0..990), the last (999), and the second run's edges (0, 9).
        long[] steps = [.. Enumerable.Range(0, 100).Select(i => 10L * i).Append(9).Append(999).Order()];
        Assert.Equal(steps, rows.Where(r => r.Run == first).Select(r => r.Step));
        Assert.Equal([0L, 9], rows.Where(r => r.Run == second).Select(r => r.Step));
        Assert.All(rows, r => Assert.Equal(1.0 / (r.Step + 1), r.Value));

        var window = await _server.GetOkAsync($"/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids={first}&metric_key=loss&start_step=100&end_step=104");
        Assert.Equal([100L, 101, 102, 103, 104], window["metrics"]!.AsArray().Select(m => m!["step"]!.GetValue<long>()));

        foreach (var (query, message) in new[]
        {
            ($"run_ids={first}&metric_key=loss&start_step=5", "both must be specified"),
            ($"run_ids={first}&metric_key=loss&start_step=9&end_step=5", "end_step must be greater than start_step"),
            ($"run_ids={first}&metric_key=loss&max_results=0", "max_results must be between 1 and 2500"),
            ("metric_key=loss", "run_ids"),
            ($"run_ids={first}", "metric_key"),
        })
        {
            var (status, body, _) = await _server.SendAsync(HttpMethod.Get, "/api/2.0/mlflow/metrics/get-history-bulk-interval?" + query);
            Assert.Equal(400, status);
            Assert.Equal("INVALID_PARAMETER_VALUE", body!["error_code"]!.GetValue<string>());
            Assert.Contains(message, body["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Artifacts_round_trip_through_the_proxy_and_list_under_the_run()
    {
        var runId = (await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" }))["run"]!["info"]!["run_id"]!.GetValue<string>();
        var payload = new byte[300_000];
        new Random(42).NextBytes(payload);
        using (var put = await _server.Http.PutAsync($"/api/2.0/mlflow-artifacts/artifacts/0/{runId}/artifacts/model/model.onnx", new ByteArrayContent(payload)))
        {
            Assert.True(put.IsSuccessStatusCode);
        }

        Assert.Equal(payload, await _server.Http.GetByteArrayAsync($"/api/2.0/mlflow-artifacts/artifacts/0/{runId}/artifacts/model/model.onnx"));
        var listed = await _server.GetOkAsync($"/api/2.0/mlflow/artifacts/list?run_id={runId}");
        var dir = Assert.Single(listed["files"]!.AsArray())!;
        Assert.Equal("model", dir["path"]!.GetValue<string>());
        Assert.True(dir["is_dir"]!.GetValue<bool>());
        var inner = await _server.GetOkAsync($"/api/2.0/mlflow/artifacts/list?run_id={runId}&path=model");
        Assert.Equal(300_000, inner["files"]![0]!["file_size"]!.GetValue<long>());
        Assert.Equal("model/model.onnx", inner["files"]![0]!["path"]!.GetValue<string>());

        using var delete = await _server.Http.DeleteAsync($"/api/2.0/mlflow-artifacts/artifacts/0/{runId}/artifacts/model");
        Assert.True(delete.IsSuccessStatusCode);
        var gone = await _server.SendAsync(HttpMethod.Get, $"/api/2.0/mlflow-artifacts/artifacts/0/{runId}/artifacts/model/model.onnx");
        Assert.Equal(404, gone.Status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", gone.Body!["error_code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/%2e%2e/%2e%2e/escape")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/..%2f..%2fescape")]
    [InlineData("/api/2.0/mlflow-artifacts/artifacts/a/%5c..%5cescape")]
    public async Task Artifact_paths_cannot_escape_the_store(string path)
    {
        var result = await _server.SendAsync(HttpMethod.Put, path, "x");
        Assert.InRange(result.Status, 400, 404);
        Assert.Equal("application/json", result.ContentType);
        Assert.False(File.Exists(Path.Combine(_server.ArtifactsDirectory, "..", "escape")));
        Assert.False(File.Exists(Path.Combine(_server.ArtifactsDirectory, "escape")));
    }

    [Fact]
    public async Task Sixteen_clients_logging_into_one_run_lose_nothing()
    {
        var runId = (await _server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" }))["run"]!["info"]!["run_id"]!.GetValue<string>();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(client => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var result = await _server.SendAsync(HttpMethod.Post, "/api/2.0/mlflow/runs/log-metric", $$"""{"run_id":"{{runId}}","key":"c{{client}}","value":{{i}},"timestamp":{{i}},"step":{{i}}}""");
                if (result.Status != 200)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })));
        Assert.Equal(0, failures);
        for (var client = 0; client < 16; client++)
        {
            var history = await _server.GetOkAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=c{client}&max_results=1000");
            Assert.Equal(50, history["metrics"]!.AsArray().Count);
        }
    }
}
