using Crucible.Core.Monitoring;
using Crucible.Stats.Profiles;
using Crucible.Monitoring.Windows;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Profiles;

/// <summary>Per-window partial profiles, run unchanged against SQLite and PostgreSQL.</summary>
public abstract class ProfileStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Hour0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000 - (1_700_000_000_000 % 3_600_000));

    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    private ProfileStore Profiles => new(Store.Profiles);

    private static CancellationToken Ct => CancellationToken.None;

    protected abstract string StoreUri();

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    private static DatasetProfile Profile(IEnumerable<double> values)
    {
        var builder = new ProfileBuilder();
        foreach (double v in values)
        {
            builder.AddRow([new("x", v), new("kind", v > 500 ? "high" : "low")]);
        }

        return builder.Build();
    }

    private static WindowKey Key(string replica, DateTimeOffset? start = null, string version = "1") =>
        new("churn", version, start ?? Hour0, replica);

    [Fact]
    public async Task Two_replicas_partials_merge_to_the_profile_of_all_rows()
    {
        double[] a = [.. Enumerable.Range(0, 3000).Select(i => (double)(i * 7 % 1000))];
        double[] b = [.. Enumerable.Range(0, 2000).Select(i => (double)(i * 13 % 1000) + 0.5)];
        await Profiles.SavePartialAsync(Key("replica-b"), Profile(b), Ct);
        await Profiles.SavePartialAsync(Key("replica-a"), Profile(a.Take(1000)), Ct);
        await Profiles.SavePartialAsync(Key("replica-a"), Profile(a.Skip(1000)), Ct); // late rows merge into the same partial

        MergedWindow? window = await Profiles.LoadWindowAsync(Key("x").Window, Ct);
        Assert.NotNull(window);
        Assert.Equal(2, window.Partials);
        Assert.Empty(window.Problems);
        DatasetProfile merged = window.Profile!;
        double[] all = [.. a, .. b];
        Assert.Equal(all.Length, merged.RowCount);
        Assert.Equal(all.Average(), merged["x"].Moments.Mean, 9);
        var sorted = all.Order().ToArray();
        double eps = merged["x"].Quantiles.NormalizedRankError(pmf: false);
        foreach (double q in new[] { 0.1, 0.5, 0.9 })
        {
            double estimate = merged["x"].Quantiles.Quantile(q);
            double rank = sorted.Count(v => v <= estimate) / (double)sorted.Length;
            Assert.InRange(rank, q - (2 * eps), q + (2 * eps));
        }

        Assert.Equal([Key("x").Window], await Profiles.ListWindowsAsync("churn", "1", cancellationToken: Ct));
        StoredWindow stored = Assert.Single(await Profiles.LoadRangeAsync("churn", Hour0, Hour0.AddHours(1), cancellationToken: Ct));
        Assert.Equal(5000L, stored.Rows);
        Assert.Equal(["replica-a", "replica-b"], stored.Replicas);
    }

    [Fact]
    public async Task A_corrupt_blob_is_reported_with_its_replica_and_skipped()
    {
        await Profiles.SavePartialAsync(Key("good"), Profile([1, 2, 3]), Ct);
        byte[] blob = Profile([4, 5]).ToBytes();
        blob[blob.Length / 2] ^= 0xFF;
        WindowKey bad = Key("bad");
        await Store.Profiles.UpdateAsync(new ProfilePartialKey(bad.Deployment, bad.ModelVersion, bad.WindowStart, bad.Length, bad.Replica), _ => new ProfilePartialWrite(blob, 2), Ct);

        MergedWindow window = (await Profiles.LoadWindowAsync(Key("x").Window, Ct))!;
        Assert.Equal(3, window.Profile!.RowCount);
        Assert.Equal(1, window.Partials);
        string problem = Assert.Single(window.Problems);
        Assert.Contains("'bad'", problem, StringComparison.Ordinal);
        Assert.Contains("checksum", problem, StringComparison.Ordinal);

        // Saving over the corrupt partial replaces it instead of failing the writer.
        await Profiles.SavePartialAsync(Key("bad"), Profile([4, 5]), Ct);
        window = (await Profiles.LoadWindowAsync(Key("x").Window, Ct))!;
        Assert.Equal((5L, 2, 0), (window.Profile!.RowCount, window.Partials, window.Problems.Count));
    }

    [Fact]
    public async Task Windows_are_kept_apart_by_version_start_and_length_and_listed_in_range()
    {
        await Profiles.SavePartialAsync(Key("r", Hour0), Profile([1]), Ct);
        await Profiles.SavePartialAsync(Key("r", Hour0.AddHours(1)), Profile([2, 3]), Ct);
        await Profiles.SavePartialAsync(Key("r", Hour0, version: "2"), Profile([4, 5, 6]), Ct);
        await Profiles.SavePartialAsync(Key("r", Hour0) with { Length = TimeSpan.FromDays(1) }, Profile([7, 8, 9, 10]), Ct);

        Assert.Equal(1, (await Profiles.LoadWindowAsync(Key("r", Hour0).Window, Ct))!.Profile!.RowCount);
        Assert.Equal(4, (await Profiles.LoadWindowAsync(Key("r", Hour0).Window with { Length = TimeSpan.FromDays(1) }, Ct))!.Profile!.RowCount);
        Assert.Null(await Profiles.LoadWindowAsync(Key("r", Hour0.AddHours(5)).Window, Ct));
        Assert.Equal(3, (await Profiles.ListWindowsAsync("churn", "1", cancellationToken: Ct)).Count);
        Assert.Equal([Hour0.AddHours(1)], (await Profiles.ListWindowsAsync("churn", "1", Hour0.AddMinutes(1), Hour0.AddHours(2), Ct)).Select(w => w.WindowStart));
        var range = await Profiles.LoadRangeAsync("churn", Hour0, Hour0.AddHours(2), cancellationToken: Ct);
        Assert.Equal([1L, 3, 4, 2], range.Select(w => w.Rows));
        Assert.Empty(await Profiles.LoadRangeAsync("other", Hour0, Hour0.AddHours(2), cancellationToken: Ct));
    }

    [Fact]
    public async Task Closed_windows_compact_to_one_merged_row_and_late_partials_merge_in_later()
    {
        await Profiles.SavePartialAsync(Key("replica-b"), Profile([1, 2, 3]), Ct);
        await Profiles.SavePartialAsync(Key("replica-a"), Profile([4, 5]), Ct);
        await Profiles.SavePartialAsync(Key("replica-a", Hour0.AddHours(1)), Profile([6]), Ct);
        await Profiles.SavePartialAsync(Key("replica-b", Hour0.AddHours(1)), Profile([7]), Ct);
        double before = (await Profiles.LoadWindowAsync(Key("x").Window, Ct))!.Profile!["x"].Moments.Mean;

        // Only the window that has ended by the cutoff is compacted; the open one keeps its two partials.
        Assert.Equal(1, await Profiles.CompactClosedWindowsAsync(Hour0.AddHours(1), cancellationToken: Ct));
        var rows = await Store.Profiles.GetRangeAsync("churn", Hour0, Hour0.AddHours(2), cancellationToken: Ct);
        Assert.Equal([IProfilePartialStore.MergedReplica, "replica-a", "replica-b"], rows.Select(r => r.Key.Replica));
        Assert.Equal(["replica-a", "replica-b"], rows[0].MergedReplicas);
        Assert.Equal(5, rows[0].RowCount);
        var window = Assert.Single(await Profiles.LoadRangeAsync("churn", Hour0, Hour0.AddHours(1), cancellationToken: Ct));
        Assert.Equal((5L, 1), (window.Rows, window.Merged.Partials));
        Assert.Equal(["replica-a", "replica-b"], window.Replicas);
        Assert.Equal(before, window.Merged.Profile!["x"].Moments.Mean, 12);
        Assert.Equal(0, await Profiles.CompactClosedWindowsAsync(Hour0.AddHours(1), cancellationToken: Ct));

        // A late flush is stored beside the merged row and merged in by the next compaction.
        await Profiles.SavePartialAsync(Key("replica-c"), Profile([8, 9]), Ct);
        Assert.Equal(7, (await Profiles.LoadWindowAsync(Key("x").Window, Ct))!.Profile!.RowCount);
        Assert.Equal(1, await Profiles.CompactClosedWindowsAsync(Hour0.AddHours(1), cancellationToken: Ct));
        var compacted = Assert.Single(await Store.Profiles.GetWindowAsync("churn", "1", Hour0, TimeSpan.FromHours(1), Ct));
        Assert.Equal(7, compacted.RowCount);
        Assert.Equal(["replica-a", "replica-b", "replica-c"], compacted.Replicas);
        Assert.Equal(7, (await Profiles.LoadWindowAsync(Key("x").Window, Ct))!.Profile!.RowCount);

        // The merged row's name is reserved.
        var e = await Assert.ThrowsAsync<Crucible.Core.Errors.CrucibleException>(() => Profiles.SavePartialAsync(Key(IProfilePartialStore.MergedReplica), Profile([1]), Ct));
        Assert.Equal(Crucible.Core.Errors.ErrorCode.InvalidParameterValue, e.Code);
    }

    [Fact]
    public async Task A_window_with_an_unreadable_partial_is_not_compacted()
    {
        await Profiles.SavePartialAsync(Key("good"), Profile([1, 2, 3]), Ct);
        WindowKey bad = Key("bad");
        await Store.Profiles.UpdateAsync(new ProfilePartialKey(bad.Deployment, bad.ModelVersion, bad.WindowStart, bad.Length, bad.Replica), _ => new ProfilePartialWrite([1, 2, 3], 2), Ct);

        Assert.Equal(0, await Profiles.CompactClosedWindowsAsync(Hour0.AddHours(2), cancellationToken: Ct));
        Assert.Equal(2, (await Store.Profiles.GetWindowAsync("churn", "1", Hour0, TimeSpan.FromHours(1), Ct)).Count);
        Assert.Single((await Profiles.LoadWindowAsync(Key("x").Window, Ct))!.Problems);
    }
}

public sealed class SqliteProfileStoreTests : ProfileStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override string StoreUri() => "sqlite:///" + _dir.File("crucible.db");

    public void Dispose() => _dir.Dispose();
}

public sealed class PostgresProfileStoreTests : ProfileStoreContract
{
    private readonly string _connection = PostgresServer.CreateDatabase("profiles");

    protected override string StoreUri() => PostgresServer.ToUri(_connection);
}
