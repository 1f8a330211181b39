using Crucible.Core.Errors;
using Crucible.Core.Tracking;

namespace Crucible.Storage.Tests.Tracking;

public abstract partial class TrackingStoreContract
{
    [Fact]
    public async Task Create_run_names_it_tags_it_and_places_its_artifacts()
    {
        var run = await Store.Runs.CreateRunAsync(new CreateRunRequest("0", "alice", null, 1234, [new Tag("t", "v")]), Ct);
        Assert.Equal(32, run.Info.RunId.Length);
        Assert.Matches("^[a-z]+-[a-z]+-[0-9]+$", run.Info.RunName);
        Assert.Contains(new Tag("mlflow.runName", run.Info.RunName), run.Data.Tags);
        Assert.Contains(new Tag("t", "v"), run.Data.Tags);
        Assert.Equal($"mlflow-artifacts:/0/{run.Info.RunId}/artifacts", run.Info.ArtifactUri);
        Assert.Equal(RunStatus.Running, run.Info.Status);
        Assert.Equal(1234, run.Info.StartTime);
        Assert.Null(run.Info.EndTime);
        Assert.Equal("alice", run.Info.UserId);
    }

    [Fact]
    public async Task Run_name_comes_from_request_or_from_the_run_name_tag()
    {
        var named = await Store.Runs.CreateRunAsync(new CreateRunRequest("0", null, "given", null, []), Ct);
        Assert.Equal("given", named.Info.RunName);
        var tagged = await Store.Runs.CreateRunAsync(new CreateRunRequest("0", null, null, null, [new Tag("mlflow.runName", "from-tag")]), Ct);
        Assert.Equal("from-tag", tagged.Info.RunName);
    }

    [Fact]
    public async Task Update_run_sets_status_end_time_and_name()
    {
        var runId = await NewRunAsync();
        var info = await Store.Runs.UpdateRunAsync(runId, new RunUpdate(RunStatus.Finished, 99, "renamed"), Ct);
        Assert.Equal(RunStatus.Finished, info.Status);
        Assert.Equal(99, info.EndTime);
        Assert.Equal("renamed", info.RunName);
        var run = await Store.Runs.GetRunAsync(runId, Ct);
        Assert.Contains(new Tag("mlflow.runName", "renamed"), run.Data.Tags);
    }

    [Fact]
    public async Task Unknown_run_is_resource_does_not_exist()
    {
        var e = await Assert.ThrowsAsync<CrucibleException>(() => Store.Runs.GetRunAsync("ffffffffffffffffffffffffffffffff", Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        e = await Assert.ThrowsAsync<CrucibleException>(() => Store.Runs.LogBatchAsync("nope", new LogBatch([new Metric("m", 1, 1, 0)], [], []), Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
    }

    [Fact]
    public async Task Latest_metric_is_the_greatest_step_then_timestamp_then_value()
    {
        var runId = await NewRunAsync();
        await Store.Runs.LogBatchAsync(runId, new LogBatch(
            [new Metric("loss", 0.9, 100, 0), new Metric("loss", 0.5, 50, 2), new Metric("loss", 0.7, 10, 1), new Metric("acc", double.NaN, 1, 0)], [], []), Ct);
        await Store.Runs.LogBatchAsync(runId, new LogBatch([new Metric("loss", 0.4, 50, 2), new Metric("loss", 0.6, 50, 2)], [], []), Ct);
        var run = await Store.Runs.GetRunAsync(runId, Ct);
        var loss = Assert.Single(run.Data.Metrics, m => m.Key == "loss");
        Assert.Equal(new Metric("loss", 0.6, 50, 2), loss);
        Assert.True(double.IsNaN(Assert.Single(run.Data.Metrics, m => m.Key == "acc").Value));
    }

    [Fact]
    public async Task Metric_history_keeps_every_value_and_pages()
    {
        var runId = await NewRunAsync();
        var metrics = Enumerable.Range(0, 25).Select(i => new Metric("m", i, 1000 + i, i)).ToList();
        metrics.Add(new Metric("m", double.PositiveInfinity, 2000, 30));
        metrics.Add(new Metric("m", 7, 1007, 7)); // the same (step) twice is kept twice
        await Store.Runs.LogBatchAsync(runId, new LogBatch(metrics, [], []), Ct);

        var all = new List<Metric>();
        string? token = null;
        do
        {
            var page = await Store.Runs.GetMetricHistoryAsync(runId, "m", 10, token, Ct);
            Assert.True(page.Items.Count <= 10);
            all.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(27, all.Count);
        Assert.Equal(2, all.Count(m => m.Step == 7));
        Assert.Equal(double.MaxValue, all[^1].Value); // +infinity is stored and read back as MLflow does, 1.7976931348623157e308
    }

    [Fact]
    public async Task Params_are_immutable_and_a_failing_batch_writes_nothing()
    {
        var runId = await NewRunAsync();
        await Store.Runs.LogBatchAsync(runId, new LogBatch([], [new Param("lr", "0.1")], []), Ct);
        await Store.Runs.LogBatchAsync(runId, new LogBatch([], [new Param("lr", "0.1")], []), Ct); // same value: fine
        var e = await Assert.ThrowsAsync<CrucibleException>(() => Store.Runs.LogBatchAsync(
            runId, new LogBatch([new Metric("never", 1, 1, 0)], [new Param("lr", "0.2")], [new Tag("never", "x")]), Ct));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Contains("lr", e.Message, StringComparison.Ordinal);

        var run = await Store.Runs.GetRunAsync(runId, Ct);
        Assert.Equal([new Param("lr", "0.1")], run.Data.Params);
        Assert.Empty(run.Data.Metrics);
        Assert.DoesNotContain(run.Data.Tags, t => t.Key == "never");
    }

    [Fact]
    public async Task Tags_upsert_and_delete()
    {
        var runId = await NewRunAsync();
        await Store.Runs.LogBatchAsync(runId, new LogBatch([], [], [new Tag("a", "1"), new Tag("mlflow.runName", "via-tag")]), Ct);
        await Store.Runs.LogBatchAsync(runId, new LogBatch([], [], [new Tag("a", "2")]), Ct);
        var run = await Store.Runs.GetRunAsync(runId, Ct);
        Assert.Contains(new Tag("a", "2"), run.Data.Tags);
        Assert.Equal("via-tag", run.Info.RunName);
        await Store.Runs.DeleteTagAsync(runId, "a", Ct);
        Assert.DoesNotContain((await Store.Runs.GetRunAsync(runId, Ct)).Data.Tags, t => t.Key == "a");
        var e = await Assert.ThrowsAsync<CrucibleException>(() => Store.Runs.DeleteTagAsync(runId, "a", Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
    }

    [Fact]
    public async Task Deleted_run_refuses_logging_and_restores()
    {
        var runId = await NewRunAsync();
        await Store.Runs.SetRunLifecycleAsync(runId, LifecycleStage.Deleted, Ct);
        var e = await Assert.ThrowsAsync<CrucibleException>(() => Store.Runs.LogBatchAsync(runId, new LogBatch([new Metric("m", 1, 1, 0)], [], []), Ct));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        await Store.Runs.SetRunLifecycleAsync(runId, LifecycleStage.Active, Ct);
        await Store.Runs.LogBatchAsync(runId, new LogBatch([new Metric("m", 1, 1, 0)], [], []), Ct);
    }

    [Fact]
    public async Task Log_inputs_records_datasets_once_with_tags()
    {
        var runId = await NewRunAsync();
        var dataset = new Dataset("train", "abc123", "local", "file:///data/train.csv", "{\"cols\":[]}", "{\"rows\":10}");
        await Store.Runs.LogInputsAsync(runId, [new DatasetInput(dataset, [new Tag("mlflow.data.context", "training")])], Ct);
        await Store.Runs.LogInputsAsync(runId, [new DatasetInput(dataset, [new Tag("mlflow.data.context", "training")])], Ct);
        var input = Assert.Single((await Store.Runs.GetRunAsync(runId, Ct)).Inputs.DatasetInputs);
        Assert.Equal(dataset, input.Dataset);
        Assert.Equal([new Tag("mlflow.data.context", "training")], input.Tags);
    }

    [Fact]
    public async Task Sixteen_concurrent_writers_to_one_run_lose_nothing()
    {
        var runId = await NewRunAsync();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 40; i++)
            {
                await Store.Runs.LogBatchAsync(runId, new LogBatch([new Metric($"w{w}", i, i, i)], [new Param($"p{w}-{i}", "v")], []), Ct);
            }
        })));
        var run = await Store.Runs.GetRunAsync(runId, Ct);
        Assert.Equal(16 * 40, run.Data.Params.Count);
        for (var w = 0; w < 16; w++)
        {
            var history = await Store.Runs.GetMetricHistoryAsync(runId, $"w{w}", 1000, null, Ct);
            Assert.Equal(40, history.Items.Count);
        }
    }
}
