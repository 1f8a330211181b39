using Crucible.Core.Errors;
using Crucible.Core.Tracking;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Tracking;

/// <summary>The tracking store's behaviour, run unchanged against SQLite and PostgreSQL.</summary>
public abstract partial class TrackingStoreContract : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    protected abstract string StoreUri();

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    private static CancellationToken Ct => CancellationToken.None;

    protected async Task<string> NewRunAsync(string experimentId = "0", long? startTime = null)
    {
        var run = await Store.Runs.CreateRunAsync(new CreateRunRequest(experimentId, "alice", null, startTime, []), Ct);
        return run.Info.RunId;
    }

    [Fact]
    public async Task Default_experiment_exists_after_migration()
    {
        var experiment = await Store.Experiments.GetExperimentAsync("0", Ct);
        Assert.Equal("Default", experiment.Name);
        Assert.Equal("mlflow-artifacts:/0", experiment.ArtifactLocation);
        Assert.Equal(LifecycleStage.Active, experiment.LifecycleStage);
    }

    [Fact]
    public async Task Reopening_an_existing_store_keeps_data_and_does_not_migrate_twice()
    {
        var id = await Store.Experiments.CreateExperimentAsync("kept", null, [], Ct);
        await using var again = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions(), Clock, Ct);
        Assert.Equal("kept", (await again.Experiments.GetExperimentAsync(id, Ct)).Name);
    }

    [Fact]
    public async Task Create_experiment_assigns_ids_locations_and_tags()
    {
        var id = await Store.Experiments.CreateExperimentAsync("churn", null, [new Tag("team", "ml")], Ct);
        var experiment = await Store.Experiments.GetExperimentAsync(id, Ct);
        Assert.Equal("churn", experiment.Name);
        Assert.Equal($"mlflow-artifacts:/{id}", experiment.ArtifactLocation);
        Assert.Equal([new Tag("team", "ml")], experiment.Tags);
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), experiment.CreationTime);
        Assert.Equal(id, (await Store.Experiments.FindExperimentByNameAsync("churn", Ct))!.ExperimentId);
        Assert.Null(await Store.Experiments.FindExperimentByNameAsync("nope", Ct));
    }

    [Fact]
    public async Task Duplicate_experiment_name_is_already_exists()
    {
        await Store.Experiments.CreateExperimentAsync("dup", null, [], Ct);
        var e = await Assert.ThrowsAsync<CrucibleException>(() => Store.Experiments.CreateExperimentAsync("dup", null, [], Ct));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, e.Code);
    }

    [Fact]
    public async Task Unknown_and_malformed_experiment_ids_are_distinct_errors()
    {
        var missing = await Assert.ThrowsAsync<CrucibleException>(() => Store.Experiments.GetExperimentAsync("424242", Ct));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, missing.Code);
        var malformed = await Assert.ThrowsAsync<CrucibleException>(() => Store.Experiments.GetExperimentAsync("abc", Ct));
        Assert.Equal(ErrorCode.InvalidParameterValue, malformed.Code);
    }

    [Fact]
    public async Task Delete_and_restore_experiment_moves_its_runs_too()
    {
        var id = await Store.Experiments.CreateExperimentAsync("lifecycle", null, [], Ct);
        var runId = await NewRunAsync(id);
        await Store.Experiments.SetExperimentLifecycleAsync(id, LifecycleStage.Deleted, Ct);
        Assert.Equal(LifecycleStage.Deleted, (await Store.Experiments.GetExperimentAsync(id, Ct)).LifecycleStage);
        Assert.Equal(LifecycleStage.Deleted, (await Store.Runs.GetRunAsync(runId, Ct)).Info.LifecycleStage);
        var e = await Assert.ThrowsAsync<CrucibleException>(() => Store.Runs.CreateRunAsync(new CreateRunRequest(id, null, null, null, []), Ct));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);

        await Store.Experiments.SetExperimentLifecycleAsync(id, LifecycleStage.Active, Ct);
        Assert.Equal(LifecycleStage.Active, (await Store.Runs.GetRunAsync(runId, Ct)).Info.LifecycleStage);
    }

    [Fact]
    public async Task Rename_and_tag_experiment()
    {
        var id = await Store.Experiments.CreateExperimentAsync("old", null, [], Ct);
        await Store.Experiments.CreateExperimentAsync("taken", null, [], Ct);
        await Store.Experiments.RenameExperimentAsync(id, "new", Ct);
        Assert.Equal("new", (await Store.Experiments.GetExperimentAsync(id, Ct)).Name);
        var e = await Assert.ThrowsAsync<CrucibleException>(() => Store.Experiments.RenameExperimentAsync(id, "taken", Ct));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, e.Code);

        await Store.Experiments.SetExperimentTagAsync(id, new Tag("k", "v1"), Ct);
        await Store.Experiments.SetExperimentTagAsync(id, new Tag("k", "v2"), Ct);
        Assert.Equal([new Tag("k", "v2")], (await Store.Experiments.GetExperimentAsync(id, Ct)).Tags);
        await Store.Experiments.DeleteExperimentTagAsync(id, "k", Ct);
        Assert.Empty((await Store.Experiments.GetExperimentAsync(id, Ct)).Tags);
        await Assert.ThrowsAsync<CrucibleException>(() => Store.Experiments.DeleteExperimentTagAsync(id, "k", Ct));
    }

    [Fact]
    public async Task Search_experiments_filters_orders_and_pages()
    {
        foreach (var name in new[] { "alpha", "beta", "gamma", "Alphabet" })
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            await Store.Experiments.CreateExperimentAsync(name, null, name.StartsWith('a') ? [new Tag("kind", "greek")] : [], Ct);
        }

        var like = await Store.Experiments.SearchExperimentsAsync(new ExperimentSearchQuery("name LIKE 'alpha%'", ViewType.ActiveOnly, 10, [], null), Ct);
        Assert.Equal(["alpha"], like.Items.Select(e => e.Name));
        var ilike = await Store.Experiments.SearchExperimentsAsync(new ExperimentSearchQuery("name ILIKE 'alpha%'", ViewType.ActiveOnly, 10, ["name ASC"], null), Ct);
        Assert.Equal(["Alphabet", "alpha"], ilike.Items.Select(e => e.Name));
        var tagged = await Store.Experiments.SearchExperimentsAsync(new ExperimentSearchQuery("tags.kind = 'greek'", ViewType.ActiveOnly, 10, [], null), Ct);
        Assert.Equal(["alpha"], tagged.Items.Select(e => e.Name));

        var first = await Store.Experiments.SearchExperimentsAsync(new ExperimentSearchQuery(null, ViewType.ActiveOnly, 2, [], null), Ct);
        Assert.Equal(["Alphabet", "gamma"], first.Items.Select(e => e.Name));
        Assert.NotNull(first.NextPageToken);
        var rest = await Store.Experiments.SearchExperimentsAsync(new ExperimentSearchQuery(null, ViewType.ActiveOnly, 10, [], first.NextPageToken), Ct);
        Assert.Equal(["beta", "alpha", "Default"], rest.Items.Select(e => e.Name));
        Assert.Null(rest.NextPageToken);
    }
}
