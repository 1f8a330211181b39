using Crucible.Features.Definitions;
using Crucible.Features.Online;
using Crucible.TestSupport;

namespace Crucible.Features.Tests.Online;

/// <summary>Materialization into real SQLite and PostgreSQL online stores: latest values, incremental runs, and online reads with freshness.</summary>
public sealed class MaterializationTests : IDisposable
{
    private const string Repo = """
        entities:
          - {name: driver, join_keys: [driver_id]}
        sources:
          - {name: stats, path: stats.csv, timestamp: ts, created_timestamp: created}
        feature_views:
          - name: driver_hourly
            entities: [driver]
            source: stats
            ttl: 1d
            features: [{name: rate, type: float}, {name: trips, type: int}]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("crucible-online-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Engines => ["sqlite", "postgresql"];

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Materialization_keeps_the_latest_value_per_key_and_takes_only_new_rows(string engine)
    {
        var repo = FeatureRepoParser.Parse([("repo.yaml", Repo)]);
        File.WriteAllLines(Path.Combine(_dir, "stats.csv"),
        [
            "driver_id,ts,created,rate,trips",
            "1,2026-01-01T00:00:00Z,2026-01-01T00:00:00Z,0.1,1",
            "1,2026-01-01T05:00:00Z,2026-01-01T05:00:00Z,0.5,5",
            "1,2026-01-01T03:00:00Z,2026-01-01T03:00:00Z,0.3,3",
            "2,2026-01-01T01:00:00Z,2026-01-01T01:00:00Z,0.7,7",
        ]);
        var uri = engine == "sqlite" ? "sqlite:///" + Path.Combine(_dir, "online.db") : PostgresServer.ToUri(PostgresServer.CreateDatabase("online"));
        await using var store = await OnlineStore.OpenAsync(uri);
        var first = await Materializer.RunAsync(repo, _dir, "driver_hourly", store);
        Assert.Equal((4L, 4L, 2), (first.RowsRead, first.RowsNew, first.KeysWritten));

        // A late row older than the stored one (created later) is new to the cursor but must not replace the newer value;
        // a newer row for driver 2 must.
        File.AppendAllLines(Path.Combine(_dir, "stats.csv"),
        [
            "1,2026-01-01T04:00:00Z,2026-01-01T06:00:00Z,0.4,4",
            "2,2026-01-01T06:00:00Z,2026-01-01T06:00:00Z,0.9,9",
        ]);
        var second = await Materializer.RunAsync(repo, _dir, "driver_hourly", store);
        Assert.Equal((6L, 2L, 1), (second.RowsRead, second.RowsNew, second.KeysWritten));
        var third = await Materializer.RunAsync(repo, _dir, "driver_hourly", store);
        Assert.Equal((0L, 0), (third.RowsNew, third.KeysWritten));

        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var online = new OnlineFeatures(repo, store, clock);
        var features = FeatureRef.ParseList("driver_hourly:rate,driver_hourly:trips");
        var answer = await online.GetAsync(features, [Entity("1"), Entity("2"), Entity("3")]);
        Assert.Equal(("0.5", "5"), (answer[0][0].Value, answer[0][1].Value));
        Assert.Equal(TimeSpan.FromHours(7), answer[0][0].Age);
        Assert.Equal("0.9", answer[1][0].Value);
        Assert.Null(answer[2][0].Value);
        Assert.Null(answer[2][0].EventTime);

        clock.Advance(TimeSpan.FromDays(1));
        answer = await online.GetAsync(features, [Entity("1")]);
        Assert.True(answer[0][0].Stale);
        Assert.Null(answer[0][0].Value);
    }

    private static Dictionary<string, string?> Entity(string id) => new(StringComparer.Ordinal) { ["driver_id"] = id };
}
