using System.Data.Common;
using Crucible.Core.Audit;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Audit;

/// <summary>The hash-chained audit trail, run unchanged against SQLite and PostgreSQL.</summary>
public abstract class AuditStoreContract : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    private IAuditStore Audit => Store.Audit;

    protected abstract string StoreUri();

    /// <summary>A raw connection to the same database, as someone with database access would use it.</summary>
    protected abstract DbConnection RawConnection();

    /// <summary>SQL that removes the triggers guarding audit_log, as an attacker with the owner's rights would.</summary>
    protected abstract string DropTriggersSql { get; }

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    private static AuditEvent Event(int i, string actor = "alice", int outcome = 200, string action = "POST /api/2.0/mlflow/runs/create") =>
        new(actor, "User", i % 2 == 0 ? "tok-1" : null, "default", action, $$"""{"experiment_id":"{{i}}"}""", outcome, "127.0.0.1", $"req-{i}");

    private async Task<int> RawAsync(string sql)
    {
        await using var connection = RawConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Appends_chain_each_entry_to_the_previous_one_and_verify_passes()
    {
        var empty = await AuditChain.VerifyAsync(Audit);
        Assert.True(empty.Intact);
        Assert.Equal((0L, AuditChain.Genesis), (empty.Head.Sequence, empty.Head.Hash));

        var first = await Audit.AppendAsync([Event(1), Event(2)]);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await Audit.AppendAsync([Event(3, "bob", 403)]);

        Assert.Equal([1L, 2, 3], first.Concat(second).Select(e => e.Sequence));
        Assert.Equal(AuditChain.Genesis, first[0].PrevHash);
        Assert.Equal(first[0].Hash, first[1].PrevHash);
        Assert.Equal(first[1].Hash, second[0].PrevHash);
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), second[0].TimeMs);
        Assert.Matches("^[0-9a-f]{64}$", second[0].Hash);

        var stored = await Audit.ListAsync(new AuditQuery());
        Assert.Equal(first.Concat(second), stored);
        Assert.Null(stored[0].TokenId);
        Assert.Equal("tok-1", stored[1].TokenId);

        var verification = await AuditChain.VerifyAsync(Audit);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(3, verification.EntriesChecked);
        Assert.Equal(new AuditHead(3, second[0].Hash), verification.Head);
    }

    [Fact]
    public async Task Listing_filters_by_actor_action_prefix_time_and_outcome_and_pages_by_sequence()
    {
        await Audit.AppendAsync([Event(1, "alice"), Event(2, "bob", 401, "POST /api/crucible/v1/auth/login")]);
        Clock.Advance(TimeSpan.FromMinutes(1));
        var since = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await Audit.AppendAsync([Event(3, "alice", 400, "DELETE /api/crucible/v1/monitors/{id}"), Event(4, "alice")]);

        async Task<long[]> Sequences(AuditQuery q) => [.. (await Audit.ListAsync(q)).Select(e => e.Sequence)];

        Assert.Equal(new long[] { 1, 3, 4 }, await Sequences(new AuditQuery { Actor = "alice" }));
        Assert.Equal(new long[] { 1, 4 }, await Sequences(new AuditQuery { ActionPrefix = "POST /api/2.0/mlflow/" }));
        Assert.Equal(new long[] { 3, 4 }, await Sequences(new AuditQuery { SinceMs = since }));
        Assert.Equal(new long[] { 1, 2 }, await Sequences(new AuditQuery { UntilMs = since }));
        Assert.Equal(new long[] { 2 }, await Sequences(new AuditQuery { Outcome = 401 }));
        Assert.Equal(new long[] { 2, 3 }, await Sequences(new AuditQuery { AfterSequence = 1, MaxResults = 2 }));
        Assert.Empty(await Sequences(new AuditQuery { Actor = "carol" }));
        Assert.Empty(await Sequences(new AuditQuery { ActionPrefix = "post /api" }));
        await Assert.ThrowsAsync<Core.Errors.CrucibleException>(() => Audit.ListAsync(new AuditQuery { MaxResults = 0 }));
    }

    [Fact]
    public async Task Update_and_delete_are_refused_by_triggers()
    {
        await Audit.AppendAsync([Event(1), Event(2)]);
        await Assert.ThrowsAnyAsync<DbException>(() => RawAsync("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 1"));
        await Assert.ThrowsAnyAsync<DbException>(() => RawAsync("DELETE FROM audit_log WHERE sequence = 2"));
        await Assert.ThrowsAnyAsync<DbException>(() => RawAsync("DELETE FROM audit_head"));
        Assert.Equal(2, (await Audit.ListAsync(new AuditQuery())).Count);
        Assert.True((await AuditChain.VerifyAsync(Audit)).Intact);
    }

    [Fact]
    public async Task An_edited_row_is_reported_at_its_sequence_once_the_triggers_are_dropped()
    {
        await Audit.AppendAsync([.. Enumerable.Range(1, 5).Select(i => Event(i))]);
        await RawAsync(DropTriggersSql);
        Assert.Equal(1, await RawAsync("UPDATE audit_log SET outcome = 200, actor = 'someone-else' WHERE sequence = 3"));

        var verification = await AuditChain.VerifyAsync(Audit);
        Assert.False(verification.Intact);
        Assert.Equal(3, verification.FirstBadSequence);
        Assert.Contains("edited", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_rehashed_after_an_edit_breaks_the_link_of_the_next_one()
    {
        var entries = await Audit.AppendAsync([.. Enumerable.Range(1, 4).Select(i => Event(i))]);
        await RawAsync(DropTriggersSql);
        var forged = entries[1] with { Actor = "someone-else" };
        forged = forged with { Hash = AuditChain.Hash(forged) };
        await RawAsync($"UPDATE audit_log SET actor = 'someone-else', hash = '{forged.Hash}' WHERE sequence = 2");

        var verification = await AuditChain.VerifyAsync(Audit);
        Assert.Equal((false, 3L), (verification.Intact, verification.FirstBadSequence));
    }

    [Fact]
    public async Task A_deleted_row_is_reported_in_the_middle_and_at_the_end()
    {
        await Audit.AppendAsync([.. Enumerable.Range(1, 6).Select(i => Event(i))]);
        await RawAsync(DropTriggersSql);
        await RawAsync("DELETE FROM audit_log WHERE sequence = 4");
        var middle = await AuditChain.VerifyAsync(Audit);
        Assert.Equal((false, 4L), (middle.Intact, middle.FirstBadSequence));
        Assert.Contains("deleted", middle.Problem, StringComparison.Ordinal);

        await RawAsync("DELETE FROM audit_log WHERE sequence >= 4");
        var tail = await AuditChain.VerifyAsync(Audit);
        Assert.Equal((false, 4L), (tail.Intact, tail.FirstBadSequence));
        Assert.Contains("head", tail.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_appends_from_two_store_instances_keep_one_linear_chain()
    {
        await using var other = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions(), Clock, CancellationToken.None);
        var stores = new[] { Store.Audit, other.Audit };
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await stores[i % 2].AppendAsync(i % 5 == 0 ? [Event(i), Event(i + 1000)] : [Event(i)], ct));

        var verification = await AuditChain.VerifyAsync(Audit);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(240, verification.EntriesChecked);
        Assert.Equal(240, verification.Head.Sequence);
    }
}

public sealed class SqliteAuditStoreTests : AuditStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override string DropTriggersSql => "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;";

    protected override string StoreUri() => "sqlite:///" + _dir.File("crucible.db");

    protected override DbConnection RawConnection() => new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _dir.File("crucible.db") + ";Pooling=false");

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresAuditStoreTests : AuditStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("audit");

    protected override string DropTriggersSql => "DROP TRIGGER audit_log_no_change ON audit_log;";

    protected override string StoreUri() => PostgresServer.ToUri(_connection);

    protected override DbConnection RawConnection() => new Npgsql.NpgsqlConnection(_connection);
}
