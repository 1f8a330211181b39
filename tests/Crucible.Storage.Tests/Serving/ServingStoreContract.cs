using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Serving;

/// <summary>Deployments and the prediction log, run unchanged against SQLite and PostgreSQL.</summary>
public abstract partial class ServingStoreContract : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    protected IDeploymentStore Deployments => Store.Deployments;

    protected static CancellationToken Ct => CancellationToken.None;

    protected long NowMs => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    protected abstract string StoreUri();

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    protected static DeploymentSpec Spec(string name, string? description = null, params DeploymentRoute[] routes) =>
        new(name, routes.Length == 0 ? [new DeploymentRoute(ModelReference.ToVersion("churn", "1"), 1)] : routes, null, BatchingSettings.Off, description);

    protected static async Task<CrucibleException> FailsAsync(ErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<CrucibleException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    private static void AssertSameSpec(DeploymentSpec expected, Deployment actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Routes, actual.Routes);
        Assert.Equal(expected.Shadow, actual.Shadow);
        Assert.Equal(expected.Batching, actual.Batching);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.Capture, actual.Capture);
    }

    [Fact]
    public async Task Create_and_get_round_trip_versions_aliases_weight_order_shadow_and_batching()
    {
        // Names with '@' and '/' would be ambiguous as MODEL@ALIAS text; the store must keep the parts apart.
        var spec = new DeploymentSpec(
            "churn-prod",
            [
                new DeploymentRoute(ModelReference.ToVersion("team/churn", "12"), 90),
                new DeploymentRoute(ModelReference.ToAlias("team/churn", "challenger"), 10),
                new DeploymentRoute(ModelReference.ToAlias("odd@name", "v/2"), 0),
            ],
            ModelReference.ToAlias("team/churn", "candidate"),
            new BatchingSettings(32, 2.75),
            "churn scoring, 90/10",
            Capture: false);

        var created = await Deployments.CreateDeploymentAsync(spec, Ct);
        AssertSameSpec(spec, created);
        Assert.Equal(1, created.Revision);
        Assert.Equal(NowMs, created.CreationTimestamp);
        Assert.Equal(NowMs, created.LastUpdatedTimestamp);

        var read = await Deployments.GetDeploymentAsync("churn-prod", Ct);
        AssertSameSpec(spec, read);
        Assert.Equal((created.Revision, created.CreationTimestamp, created.LastUpdatedTimestamp), (read.Revision, read.CreationTimestamp, read.LastUpdatedTimestamp));
        Assert.Equal([false, true, true], read.Routes.Select(r => r.Target.IsAlias));
        Assert.Equal("odd@name", read.Routes[2].Target.Model);
        Assert.Equal("v/2", read.Routes[2].Target.Alias);
        Assert.Null(read.Routes[0].Target.Alias);
        Assert.Equal(2.75, read.Batching.MaxDelayMs);
        Assert.True(read.Shadow!.IsAlias);
    }

    [Fact]
    public async Task A_deployment_without_shadow_or_description_reads_back_with_nulls_and_batching_off()
    {
        var created = await Deployments.CreateDeploymentAsync(Spec("plain"), Ct);
        var read = await Deployments.GetDeploymentAsync("plain", Ct);
        Assert.Null(read.Shadow);
        Assert.Null(read.Description);
        Assert.True(read.Capture);
        Assert.Equal(BatchingSettings.Off, read.Batching);
        Assert.False(read.Batching.Enabled);
        Assert.Equal(created.ToSpec().Routes, read.Routes);
    }

    [Fact]
    public async Task Duplicate_names_already_exist_and_unknown_names_do_not()
    {
        await Deployments.CreateDeploymentAsync(Spec("dup", "first"), Ct);
        var dup = await FailsAsync(ErrorCode.ResourceAlreadyExists, () => Deployments.CreateDeploymentAsync(Spec("dup", "second"), Ct));
        Assert.Equal("Deployment 'dup' already exists.", dup.Message);
        Assert.Equal("first", (await Deployments.GetDeploymentAsync("dup", Ct)).Description);

        var missing = await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Deployments.GetDeploymentAsync("nope", Ct));
        Assert.Equal("Deployment 'nope' does not exist.", missing.Message);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Deployments.UpdateDeploymentAsync(Spec("nope"), null, Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Deployments.UpdateDeploymentAsync(Spec("nope"), 1, Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Deployments.DeleteDeploymentAsync("nope", Ct));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_make_one_deployment()
    {
        using var start = new ManualResetEventSlim();
        var creators = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                await Deployments.CreateDeploymentAsync(Spec("race", $"creator {i}"), Ct);
                return true;
            }
            catch (CrucibleException e) when (e.Code == ErrorCode.ResourceAlreadyExists)
            {
                return false;
            }
        })).ToList();
        start.Set();
        Assert.Single(await Task.WhenAll(creators), won => won);
        Assert.Single(await Deployments.ListDeploymentsAsync(Ct));
    }

    [Fact]
    public async Task Invalid_specs_are_refused_before_anything_is_written()
    {
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Deployments.CreateDeploymentAsync(Spec("-bad name"), Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Deployments.CreateDeploymentAsync(
            Spec("zero", null, new DeploymentRoute(ModelReference.ToVersion("m", "1"), 0)), Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Deployments.CreateDeploymentAsync(
            Spec("batch") with { Batching = new BatchingSettings(8, double.NaN) }, Ct));
        Assert.Empty(await Deployments.ListDeploymentsAsync(Ct));

        await Deployments.CreateDeploymentAsync(Spec("ok"), Ct);
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Deployments.UpdateDeploymentAsync(Spec("ok") with { Routes = [] }, null, Ct));
        Assert.Equal(1, (await Deployments.GetDeploymentAsync("ok", Ct)).Revision);
    }

    [Fact]
    public async Task Update_replaces_the_spec_bumps_the_revision_and_the_update_time()
    {
        var first = new DeploymentSpec(
            "svc", [new DeploymentRoute(ModelReference.ToVersion("m", "1"), 1)], ModelReference.ToVersion("m", "2"), new BatchingSettings(16, 5), "v1");
        var created = await Deployments.CreateDeploymentAsync(first, Ct);
        Clock.Advance(TimeSpan.FromSeconds(30));

        var second = new DeploymentSpec(
            "svc",
            [new DeploymentRoute(ModelReference.ToVersion("m", "2"), 3), new DeploymentRoute(ModelReference.ToAlias("m", "champion"), 7)],
            null,
            BatchingSettings.Off,
            null,
            Capture: false);
        var updated = await Deployments.UpdateDeploymentAsync(second, null, Ct);
        AssertSameSpec(second, updated);
        Assert.Equal(2, updated.Revision);
        Assert.Equal(created.CreationTimestamp, updated.CreationTimestamp);
        Assert.Equal(NowMs, updated.LastUpdatedTimestamp);
        Assert.True(updated.LastUpdatedTimestamp > created.LastUpdatedTimestamp);

        var read = await Deployments.GetDeploymentAsync("svc", Ct);
        AssertSameSpec(second, read);
        Assert.Equal(2, read.Revision);

        Assert.Equal(3, (await Deployments.UpdateDeploymentAsync(first, 2, Ct)).Revision);
        AssertSameSpec(first, await Deployments.GetDeploymentAsync("svc", Ct));
    }

    [Fact]
    public async Task Update_with_a_stale_revision_conflicts_and_changes_nothing()
    {
        await Deployments.CreateDeploymentAsync(Spec("svc", "v1"), Ct);
        await Deployments.UpdateDeploymentAsync(Spec("svc", "v2"), 1, Ct);

        var stale = await FailsAsync(ErrorCode.ResourceConflict, () => Deployments.UpdateDeploymentAsync(Spec("svc", "v3"), 1, Ct));
        Assert.Contains("revision 2", stale.Message, StringComparison.Ordinal);
        Assert.Contains("revision 1", stale.Message, StringComparison.Ordinal);
        await FailsAsync(ErrorCode.ResourceConflict, () => Deployments.UpdateDeploymentAsync(Spec("svc", "v3"), 7, Ct));

        var read = await Deployments.GetDeploymentAsync("svc", Ct);
        Assert.Equal(("v2", 2L), (read.Description, read.Revision));
    }

    [Fact]
    public async Task Of_concurrent_updates_expecting_the_same_revision_exactly_one_wins()
    {
        await Deployments.CreateDeploymentAsync(Spec("hot", "start"), Ct);
        for (var round = 1; round <= 5; round++)
        {
            var expected = (long)round;
            using var start = new ManualResetEventSlim();
            var updaters = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    await Deployments.UpdateDeploymentAsync(Spec("hot", $"round {expected} writer {i}"), expected, Ct);
                    return i;
                }
                catch (CrucibleException e) when (e.Code == ErrorCode.ResourceConflict)
                {
                    return -1;
                }
            })).ToList();
            start.Set();
            var winners = (await Task.WhenAll(updaters)).Where(i => i >= 0).ToList();

            var winner = Assert.Single(winners);
            var read = await Deployments.GetDeploymentAsync("hot", Ct);
            Assert.Equal(expected + 1, read.Revision);
            Assert.Equal($"round {expected} writer {winner}", read.Description);
        }
    }

    [Fact]
    public async Task List_is_ordered_by_name()
    {
        foreach (var name in new[] { "b-svc", "a-svc", "c.svc", "A-svc" })
        {
            await Deployments.CreateDeploymentAsync(Spec(name), Ct);
        }

        var names = (await Deployments.ListDeploymentsAsync(Ct)).Select(d => d.Name).ToList();
        Assert.Equal(["A-svc", "a-svc", "b-svc", "c.svc"], names);
    }

    [Fact]
    public async Task Delete_removes_the_deployment_and_its_name_can_be_reused_from_revision_one()
    {
        await Deployments.CreateDeploymentAsync(Spec("gone", "old"), Ct);
        await Deployments.UpdateDeploymentAsync(Spec("gone", "older"), null, Ct);
        await Deployments.DeleteDeploymentAsync("gone", Ct);

        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Deployments.GetDeploymentAsync("gone", Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Deployments.DeleteDeploymentAsync("gone", Ct));
        Assert.Empty(await Deployments.ListDeploymentsAsync(Ct));

        var again = await Deployments.CreateDeploymentAsync(Spec("gone", "new"), Ct);
        Assert.Equal(1, again.Revision);
        Assert.Equal("new", (await Deployments.GetDeploymentAsync("gone", Ct)).Description);
    }
}
