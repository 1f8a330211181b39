using Crucible.Core.Errors;
using Crucible.Core.Pipelines;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Pipelines;

/// <summary>Pipelines and their runs, run unchanged against SQLite and PostgreSQL.</summary>
public abstract class PipelineStoreContract : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    private IPipelineStore Pipelines => Store.Pipelines;

    private static CancellationToken Ct => CancellationToken.None;

    private long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    protected abstract string StoreUri();

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    [Fact]
    public async Task Saving_twice_replaces_the_yaml_and_keeps_the_creation_time()
    {
        var created = await Pipelines.SavePipelineAsync("retrain", "name: retrain\n", Ct);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var updated = await Pipelines.SavePipelineAsync("retrain", "name: retrain\nsteps: []\n", Ct);
        await Pipelines.SavePipelineAsync("a-first", "name: a-first\n", Ct);

        Assert.Equal((created.CreationTimeMs, NowMs, "name: retrain\nsteps: []\n"), (updated.CreationTimeMs, updated.LastUpdatedTimeMs, updated.Yaml));
        Assert.Equal(updated, await Pipelines.GetPipelineAsync("retrain", Ct));
        Assert.Equal(["a-first", "retrain"], (await Pipelines.ListPipelinesAsync(Ct)).Select(p => p.Name));
        var missing = await Assert.ThrowsAsync<CrucibleException>(() => Pipelines.GetPipelineAsync("nope", Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, missing.Code);
    }

    [Fact]
    public async Task A_run_keeps_its_steps_in_order_with_status_times_log_tail_and_outputs()
    {
        var run = await Pipelines.CreateRunAsync(new NewPipelineRun("retrain", "manual", """{"lr":"0.1"}""", [("train", "train"), ("check", "validate")]), Ct);
        Assert.Equal((PipelineStatus.Queued, "manual", """{"lr":"0.1"}"""), (run.Status, run.Trigger, run.ParamsJson));
        Assert.Equal(["train", "check"], run.Steps.Select(s => s.StepId));
        Assert.All(run.Steps, s => Assert.Equal(("pending", "{}"), (s.Status, s.OutputsJson)));

        var longLog = new string('a', IPipelineStore.MaxLogChars) + "the end";
        await Pipelines.UpdateStepAsync(run.Id, new PipelineStepRun("check", "validate", PipelineStatus.Failed, NowMs, NowMs + 40, longLog, """{"failed":"2"}"""), Ct);
        await Pipelines.UpdateRunAsync(run.Id, PipelineStatus.Failed, NowMs, NowMs + 50, "step check failed", Ct);

        var read = await Pipelines.GetRunAsync(run.Id, Ct);
        Assert.Equal((PipelineStatus.Failed, 50L, "step check failed"), (read.Status, read.DurationMs, read.Error));
        var check = read.Steps[1];
        Assert.Equal((PipelineStatus.Failed, 40L, """{"failed":"2"}""", IPipelineStore.MaxLogChars), (check.Status, check.DurationMs, check.OutputsJson, check.Log.Length));
        Assert.EndsWith("the end", check.Log, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<CrucibleException>(() => Pipelines.UpdateStepAsync(run.Id, check with { StepId = "nope" }, Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, missing.Code);
    }

    [Fact]
    public async Task Runs_list_newest_first_and_unfinished_ones_can_be_failed_at_start()
    {
        var first = await Pipelines.CreateRunAsync(new NewPipelineRun("retrain", "manual", "{}", []), Ct);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Pipelines.CreateRunAsync(new NewPipelineRun("retrain", "schedule", "{}", []), Ct);
        await Pipelines.CreateRunAsync(new NewPipelineRun("other", "manual", "{}", []), Ct);
        await Pipelines.UpdateRunAsync(first.Id, PipelineStatus.Succeeded, 1, 2, null, Ct);

        Assert.Equal([second.Id, first.Id], (await Pipelines.ListRunsAsync("retrain", 10, Ct)).Select(r => r.Id));
        Assert.Equal([second.Id], (await Pipelines.ListRunsAsync("retrain", 1, Ct)).Select(r => r.Id));

        Assert.Equal(2, await Pipelines.FailUnfinishedRunsAsync("server stopped", NowMs, Ct));
        var failed = await Pipelines.GetRunAsync(second.Id, Ct);
        Assert.Equal((PipelineStatus.Failed, "server stopped"), (failed.Status, failed.Error));
        Assert.Equal(PipelineStatus.Succeeded, (await Pipelines.GetRunAsync(first.Id, Ct)).Status);
    }
}
