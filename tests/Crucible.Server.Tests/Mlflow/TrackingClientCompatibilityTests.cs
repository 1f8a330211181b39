namespace Crucible.Server.Tests.Mlflow;

/// <summary>
/// What MLflow's server does with values its Python client sends and expects to succeed: a param over 6,000
/// characters is stored cut to 6,000 (<c>MLFLOW_TRUNCATE_LONG_VALUES</c>, on by default) and a run tag over 8,000 to
/// 8,000; ±infinity metrics come back as ±1.7976931348623157e308; NaN comes back as NaN. On SQLite and PostgreSQL.
/// </summary>
public sealed class TrackingClientCompatibilityTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_7000_character_param_is_stored_cut_to_6000_through_log_param_and_log_batch(bool postgres)
    {
        await using var server = await ServerFixture.StartAsync(postgres);
        var runId = await NewRunAsync(server);
        var longValue = string.Concat(Enumerable.Range(0, 7000).Select(i => (char)('a' + (i % 26))));

        // mlflow.log_param (the client sends run_uuid too), then log_batch with a param and a 9,000-character tag.
        await server.PostOkAsync("/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, run_uuid = runId, key = "features", value = longValue });
        await server.PostOkAsync("/api/2.0/mlflow/runs/log-batch", new
        {
            run_id = runId,
            @params = new[] { new { key = "columns", value = longValue } },
            tags = new[] { new { key = "notes", value = new string('n', 9000) } },
        });
        await server.PostOkAsync("/api/2.0/mlflow/runs/set-tag", new { run_id = runId, run_uuid = runId, key = "long", value = new string('t', 8001) });

        // Logging the same long value again is the same (cut) value, not a change of a param.
        await server.PostOkAsync("/api/2.0/mlflow/runs/log-parameter", new { run_id = runId, key = "features", value = longValue });

        var data = (await server.GetOkAsync($"/api/2.0/mlflow/runs/get?run_id={runId}"))["run"]!["data"]!;
        var parameters = data["params"]!.AsArray().ToDictionary(p => p!["key"]!.GetValue<string>(), p => p!["value"]!.GetValue<string>());
        Assert.Equal(longValue[..6000], parameters["features"]);
        Assert.Equal(longValue[..6000], parameters["columns"]);
        var tags = data["tags"]!.AsArray().ToDictionary(t => t!["key"]!.GetValue<string>(), t => t!["value"]!.GetValue<string>());
        Assert.Equal(8000, tags["notes"].Length);
        Assert.Equal(8000, tags["long"].Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Infinite_metrics_come_back_as_the_largest_double_and_NaN_as_NaN(bool postgres)
    {
        await using var server = await ServerFixture.StartAsync(postgres);
        var runId = await NewRunAsync(server);

        // The client serialises float("inf") as protobuf JSON does: "Infinity".
        await server.PostOkAsync("/api/2.0/mlflow/runs/log-metric", new { run_id = runId, key = "loss", value = "Infinity", timestamp = 1L, step = 0L });
        await server.PostOkAsync("/api/2.0/mlflow/runs/log-batch", new
        {
            run_id = runId,
            metrics = new object[] { new { key = "floor", value = "-Infinity", timestamp = 1L, step = 0L }, new { key = "gap", value = "NaN", timestamp = 1L, step = 0L } },
        });

        var metrics = (await server.GetOkAsync($"/api/2.0/mlflow/runs/get?run_id={runId}"))["run"]!["data"]!["metrics"]!.AsArray()
            .ToDictionary(m => m!["key"]!.GetValue<string>(), m => m!["value"]!);
        Assert.Equal(double.MaxValue, metrics["loss"].GetValue<double>());
        Assert.Equal(-double.MaxValue, metrics["floor"].GetValue<double>());
        Assert.Equal("NaN", metrics["gap"].GetValue<string>());

        var history = await server.GetOkAsync($"/api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=loss");
        Assert.Equal(1.7976931348623157e308, Assert.Single(history["metrics"]!.AsArray())!["value"]!.GetValue<double>());

        // Searching on it compares the stored value, as MLflow's does.
        var found = await server.PostOkAsync("/api/2.0/mlflow/runs/search", new { experiment_ids = new[] { "0" }, filter = "metrics.loss > 1e308" });
        Assert.Equal(runId, Assert.Single(found["runs"]!.AsArray())!["info"]!["run_id"]!.GetValue<string>());
    }

    private static async Task<string> NewRunAsync(ServerFixture server) =>
        (await server.PostOkAsync("/api/2.0/mlflow/runs/create", new { experiment_id = "0" }))["run"]!["info"]!["run_id"]!.GetValue<string>();
}
