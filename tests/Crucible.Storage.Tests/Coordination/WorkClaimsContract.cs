using Crucible.Core.Pipelines;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Coordination;

/// <summary>Work claims and once-only pipeline runs between two replicas on one database, run unchanged against SQLite and PostgreSQL.</summary>
public abstract class WorkClaimsContract : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected ManualTimeProvider Clock { get; } = new();

    private MetadataStore A { get; set; } = null!;

    private MetadataStore B { get; set; } = null!;

    private static CancellationToken Ct => CancellationToken.None;

    protected abstract string StoreUri();

    public async Task InitializeAsync()
    {
        A = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { ReplicaName = "replica-a" }, Clock, Ct);
        B = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { ReplicaName = "replica-b" }, Clock, Ct);
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    [Fact]
    public async Task A_claim_is_held_by_one_replica_until_done_and_renewed_only_by_its_holder()
    {
        Assert.True(await A.Claims.TryClaimAsync("w", Lease, Ct));
        Assert.False(await B.Claims.TryClaimAsync("w", Lease, Ct));
        Assert.False(await A.Claims.TryClaimAsync("w", Lease, Ct)); // a second attempt of the holder itself waits too
        Assert.False(await B.Claims.RenewAsync("w", Lease, Ct));
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await A.Claims.RenewAsync("w", Lease, Ct)); // runs to 50 s now
        Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await B.Claims.TryClaimAsync("w", Lease, Ct));

        await A.Claims.CompleteAsync("w", Ct);
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.False(await B.Claims.TryClaimAsync("w", Lease, Ct));
        Assert.False(await A.Claims.TryClaimAsync("w", Lease, Ct));
        var claim = await B.Claims.GetAsync("w", Ct);
        Assert.Equal(("replica-a", 1), (claim!.Holder, claim.Claims));
        Assert.NotNull(claim.DoneMs);
        Assert.Null(await B.Claims.GetAsync("never", Ct));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_and_counted_and_the_old_holder_cannot_complete_it()
    {
        Assert.True(await A.Claims.TryClaimAsync("w", Lease, Ct));
        Clock.Advance(Lease + TimeSpan.FromMilliseconds(1));
        Assert.True(await B.Claims.TryClaimAsync("w", Lease, Ct));
        Assert.False(await A.Claims.RenewAsync("w", Lease, Ct)); // the dead replica's late renewal is refused

        await A.Claims.CompleteAsync("w", Ct);
        Assert.Null((await A.Claims.GetAsync("w", Ct))!.DoneMs);
        await B.Claims.CompleteAsync("w", Ct);
        var claim = await A.Claims.GetAsync("w", Ct);
        Assert.Equal(("replica-b", 2), (claim!.Holder, claim.Claims));
        Assert.NotNull(claim.DoneMs);

        Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await A.Claims.ForgetDoneAsync(Clock.GetUtcNow().ToUnixTimeMilliseconds() - 1, Ct));
        Assert.Null(await A.Claims.GetAsync("w", Ct));
    }

    [Fact]
    public async Task A_released_claim_is_taken_at_once_by_the_next_replica()
    {
        Assert.True(await A.Claims.TryClaimAsync("w", Lease, Ct));
        await B.Claims.ReleaseAsync("w", Ct); // not B's: no effect
        Assert.False(await B.Claims.TryClaimAsync("w", Lease, Ct));
        await A.Claims.ReleaseAsync("w", Ct);
        Assert.True(await B.Claims.TryClaimAsync("w", Lease, Ct));
        Assert.Equal(("replica-b", 2), ((await A.Claims.GetAsync("w", Ct))!.Holder, (await A.Claims.GetAsync("w", Ct))!.Claims));
    }

    [Fact]
    public async Task Replicas_racing_for_one_claim_and_one_keyed_run_get_exactly_one_each()
    {
        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? A : B).Claims.TryClaimAsync("race", Lease, Ct)));
        Assert.Single(claims, won => won);

        var run = new NewPipelineRun("nightly", "schedule", "{}", [("train", "train")], "schedule:nightly:1000");
        var runs = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? A : B).Pipelines.TryCreateRunAsync(run, Ct)));
        var created = Assert.Single(runs, r => r is not null);
        Assert.Equal(1, await B.Pipelines.CountUnfinishedRunsAsync("nightly", Ct));
        Assert.Equal(created!.Id, Assert.Single(await A.Pipelines.ListRunsAsync("nightly", 10, Ct)).Id);
        Assert.NotNull(await A.Pipelines.TryCreateRunAsync(run with { DedupeKey = null }, Ct));
        Assert.NotNull(await A.Pipelines.TryCreateRunAsync(run with { DedupeKey = null }, Ct));
    }

    [Fact]
    public async Task Only_runs_whose_lease_ran_out_are_failed_with_the_last_holder_named()
    {
        var held = await A.Pipelines.CreateRunAsync(new NewPipelineRun("p", "manual", "{}", []), Ct);
        var abandoned = await A.Pipelines.CreateRunAsync(new NewPipelineRun("p", "manual", "{}", []), Ct);
        var unclaimed = await A.Pipelines.CreateRunAsync(new NewPipelineRun("p", "manual", "{}", []), Ct);
        Assert.True(await A.Claims.TryClaimAsync("pipeline-run:" + held.Id, Lease, Ct));
        Assert.True(await A.Claims.TryClaimAsync("pipeline-run:" + abandoned.Id, Lease, Ct));
        Clock.Advance(TimeSpan.FromSeconds(20));
        var young = await B.Pipelines.CreateRunAsync(new NewPipelineRun("p", "manual", "{}", []), Ct); // not claimed yet, but just created
        Assert.True(await A.Claims.RenewAsync("pipeline-run:" + held.Id, Lease, Ct));
        Clock.Advance(TimeSpan.FromSeconds(20));

        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var failed = await B.Pipelines.FailAbandonedRunsAsync("its replica died", now, now - (long)Lease.TotalMilliseconds, Ct);

        Assert.Equal(new[] { abandoned.Id, unclaimed.Id }.Order(), failed.Order());
        Assert.Equal((PipelineStatus.Failed, "its replica died (last held by replica-a)"), await StatusAsync(abandoned.Id));
        Assert.Equal((PipelineStatus.Failed, "its replica died"), await StatusAsync(unclaimed.Id));
        Assert.Equal((PipelineStatus.Queued, (string?)null), await StatusAsync(held.Id));
        Assert.Equal((PipelineStatus.Queued, (string?)null), await StatusAsync(young.Id));
    }

    private async Task<(string, string?)> StatusAsync(string runId)
    {
        var run = await B.Pipelines.GetRunAsync(runId, Ct);
        return (run.Status, run.Error);
    }
}

public sealed class SqliteWorkClaimsTests : WorkClaimsContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override string StoreUri() => "sqlite:///" + _dir.File("crucible.db");

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresWorkClaimsTests : WorkClaimsContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("claims");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
