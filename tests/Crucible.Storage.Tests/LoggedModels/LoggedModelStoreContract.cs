using Crucible.Core.Errors;
using Crucible.Core.LoggedModels;
using Crucible.Core.Tracking;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.LoggedModels;

/// <summary>MLflow 3 logged models and run outputs, run unchanged against SQLite and PostgreSQL.</summary>
public abstract class LoggedModelStoreContract : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    private ILoggedModelStore Models => Store.LoggedModels;

    private static CancellationToken Ct => CancellationToken.None;

    private long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    protected abstract string StoreUri();

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    private static async Task<CrucibleException> FailsAsync(ErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<CrucibleException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    private async Task<(string ExperimentId, string RunId)> RunAsync(string experiment = "exp")
    {
        var experimentId = await Store.Experiments.CreateExperimentAsync(experiment, null, [], Ct);
        var run = await Store.Runs.CreateRunAsync(new CreateRunRequest(experimentId, "ann", null, NowMs, []), Ct);
        return (experimentId, run.Info.RunId);
    }

    private Task<LoggedModel> CreateAsync(string experimentId, string? name, string? runId = null, IReadOnlyList<Param>? parameters = null, IReadOnlyList<Tag>? tags = null, string? type = null) =>
        Models.CreateAsync(new CreateLoggedModelRequest(experimentId, name, type, runId, parameters ?? [], tags ?? []), Ct);

    [Fact]
    public async Task Create_gives_a_pending_model_with_an_mlflow_id_and_artifact_folder_under_the_experiment()
    {
        var (experimentId, runId) = await RunAsync();
        var model = await CreateAsync(experimentId, "model", runId, [new Param("C", "1.0")], [new Tag("mlflow.user", "ann")], "classifier");

        Assert.Matches("^m-[0-9a-f]{32}$", model.ModelId);
        Assert.Equal($"mlflow-artifacts:/{experimentId}/models/{model.ModelId}/artifacts", model.ArtifactLocation);
        Assert.Equal(LoggedModelStatus.Pending, model.Status);
        Assert.Equal(("model", runId, "classifier", experimentId), (model.Name, model.SourceRunId, model.ModelType, model.ExperimentId));
        Assert.Equal(NowMs, model.CreationTimestamp);
        Assert.Equal([new Param("C", "1.0")], model.Params);
        Assert.Equal([new Tag("mlflow.user", "ann")], model.Tags);
        var loaded = await Models.GetAsync(model.ModelId, Ct);
        Assert.Equal(model, loaded with { Tags = model.Tags, Params = model.Params, Metrics = model.Metrics });
        Assert.Equal(model.Tags, loaded.Tags);

        var unnamed = await CreateAsync(experimentId, null);
        Assert.False(string.IsNullOrEmpty(unnamed.Name));
        Assert.NotEqual(model.ModelId, unnamed.ModelId);
    }

    [Fact]
    public async Task Create_needs_an_existing_active_experiment()
    {
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => CreateAsync("987654", "m"));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => CreateAsync("abc", "m"));
        var (experimentId, _) = await RunAsync();
        await Store.Experiments.SetExperimentLifecycleAsync(experimentId, LifecycleStage.Deleted, Ct);
        await FailsAsync(ErrorCode.InvalidParameterValue, () => CreateAsync(experimentId, "m"));
    }

    [Fact]
    public async Task Finalize_tags_params_and_delete_follow_mlflow()
    {
        var (experimentId, _) = await RunAsync();
        var model = await CreateAsync(experimentId, "model", parameters: [new Param("a", "1")]);
        Clock.Advance(TimeSpan.FromSeconds(5));

        var ready = await Models.FinalizeAsync(model.ModelId, LoggedModelStatus.Ready, Ct);
        Assert.Equal(LoggedModelStatus.Ready, ready.Status);
        Assert.Equal(NowMs, ready.LastUpdatedTimestamp);

        var tagged = await Models.SetTagsAsync(model.ModelId, [new Tag("k", "v1"), new Tag("j", "x")], Ct);
        Assert.Equal([new Tag("j", "x"), new Tag("k", "v1")], tagged.Tags);
        Assert.Equal("v2", (await Models.SetTagsAsync(model.ModelId, [new Tag("k", "v2")], Ct)).Tags.Single(t => t.Key == "k").Value);
        await Models.DeleteTagAsync(model.ModelId, "j", Ct);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Models.DeleteTagAsync(model.ModelId, "j", Ct));

        await Models.LogParamsAsync(model.ModelId, [new Param("a", "1"), new Param("b", "2")], Ct);
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Models.LogParamsAsync(model.ModelId, [new Param("c", "3"), new Param("a", "changed")], Ct));
        var reloaded = await Models.GetAsync(model.ModelId, Ct);
        Assert.Equal([new Param("a", "1"), new Param("b", "2")], reloaded.Params); // the refused call wrote nothing

        await Models.DeleteAsync(model.ModelId, Ct);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Models.GetAsync(model.ModelId, Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Models.DeleteAsync(model.ModelId, Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Models.FinalizeAsync(model.ModelId, LoggedModelStatus.Ready, Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Models.SetTagsAsync(model.ModelId, [new Tag("k", "v")], Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Models.GetAsync("m-00000000000000000000000000000000", Ct));
    }

    [Fact]
    public async Task Run_outputs_link_runs_and_models_with_a_step_and_metrics_follow_model_id()
    {
        var (experimentId, runId) = await RunAsync();
        var model = await CreateAsync(experimentId, "model", runId);
        await Models.LogOutputsAsync(runId, [new LoggedModelOutput(model.ModelId, 3)], Ct);
        await Models.LogOutputsAsync(runId, [new LoggedModelOutput(model.ModelId, 3)], Ct); // idempotent
        Assert.Equal([new LoggedModelOutput(model.ModelId, 3)], await Models.GetRunOutputsAsync(runId, Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Models.LogOutputsAsync(runId, [new LoggedModelOutput("m-nope", 0)], Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Models.LogOutputsAsync("no-such-run", [new LoggedModelOutput(model.ModelId, 0)], Ct));

        await Store.Runs.LogBatchAsync(runId, new LogBatch([new Metric("auc", 0.9, NowMs, 3) { ModelId = model.ModelId, DatasetName = "test" }, new Metric("auc", 0.5, NowMs, 1)], [], []), Ct);
        var metric = Assert.Single((await Models.GetAsync(model.ModelId, Ct)).Metrics);
        Assert.Equal((runId, "auc", 0.9, 3L, "test"), (metric.RunId, metric.Metric.Key, metric.Metric.Value, metric.Metric.Step, metric.Metric.DatasetName));
    }

    [Fact]
    public async Task Search_filters_by_name_status_params_tags_and_metrics_orders_and_pages()
    {
        var (experimentId, runId) = await RunAsync();
        var (otherExperiment, _) = await RunAsync("other");
        var a = await CreateAsync(experimentId, "alpha", runId, [new Param("lr", "0.1")], [new Tag("team", "x")]);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var b = await CreateAsync(experimentId, "beta", parameters: [new Param("lr", "0.2")]);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var c = await CreateAsync(otherExperiment, "alpha");
        await Models.FinalizeAsync(a.ModelId, LoggedModelStatus.Ready, Ct);
        await Store.Runs.LogBatchAsync(runId, new LogBatch([new Metric("acc", 0.95, NowMs, 0) { ModelId = a.ModelId }], [], []), Ct);

        async Task<string[]> IdsAsync(string? filter, IReadOnlyList<string>? experiments = null, IReadOnlyList<LoggedModelOrder>? order = null) =>
            (await Models.SearchAsync(new LoggedModelSearchQuery(experiments ?? [experimentId], filter, 50, order ?? [], null), Ct)).Items.Select(m => m.ModelId).ToArray();

        Assert.Equal([b.ModelId, a.ModelId], await IdsAsync(null)); // newest first
        Assert.Equal([c.ModelId, b.ModelId, a.ModelId], await IdsAsync(null, [experimentId, otherExperiment]));
        Assert.Equal([a.ModelId], await IdsAsync("name = 'alpha'"));
        Assert.Equal([a.ModelId], await IdsAsync("status = 'READY'"));
        Assert.Equal([b.ModelId], await IdsAsync("status = 'LOGGED_MODEL_PENDING'"));
        Assert.Equal([b.ModelId], await IdsAsync("params.lr = '0.2'"));
        Assert.Equal([a.ModelId], await IdsAsync("tags.team = 'x' AND params.lr != '0.2'"));
        Assert.Equal([a.ModelId], await IdsAsync("metrics.acc > 0.9"));
        Assert.Equal([a.ModelId], await IdsAsync($"source_run_id = '{runId}'"));
        Assert.Equal([a.ModelId, b.ModelId], await IdsAsync(null, order: [new LoggedModelOrder("name", true)]));
        Assert.Equal([a.ModelId, b.ModelId], await IdsAsync(null, order: [new LoggedModelOrder("creation_timestamp", true)]));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => IdsAsync("status = 'DONE'"));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => IdsAsync("colour = 'red'"));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => IdsAsync(null, order: [new LoggedModelOrder("metrics.acc", true)]));

        var first = await Models.SearchAsync(new LoggedModelSearchQuery([experimentId], null, 1, [], null), Ct);
        Assert.Equal([b.ModelId], first.Items.Select(m => m.ModelId));
        var second = await Models.SearchAsync(new LoggedModelSearchQuery([experimentId], null, 1, [], first.NextPageToken), Ct);
        Assert.Equal([a.ModelId], second.Items.Select(m => m.ModelId));
        Assert.Null(second.NextPageToken);

        await Models.DeleteAsync(b.ModelId, Ct);
        Assert.Equal([a.ModelId], await IdsAsync(null));
    }
}
