using System.Globalization;
using Crucible.Features.Definitions;
using Crucible.Features.Historical;
using Crucible.Tabular;

namespace Crucible.Features.Tests.Historical;

/// <summary>
/// Point-in-time correctness on planted data, against a brute-force reference written here (a scan of every source
/// row for every entity row), for the in-memory and the out-of-core join.
/// </summary>
public sealed class PointInTimeJoinTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("crucible-features-").FullName;

    private const string Repo = """
        entities:
          - {name: driver, join_keys: [driver_id]}
          - {name: city, join_keys: [city]}
        sources:
          - {name: stats, path: stats.csv, timestamp: ts, created_timestamp: created}
          - {name: city_stats, path: city, timestamp: ts}
        feature_views:
          - name: driver_hourly
            entities: [driver]
            source: stats
            ttl: 2h
            features: [{name: rate, type: float}, {name: trips, type: int}]
          - name: driver_city
            entities: [driver, city]
            source: city_stats
            ttl: 0
            features: [{name: demand, type: string}]
        """;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Ts(int minutes) => T0.AddMinutes(minutes).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [Fact]
    public void Planted_cases_future_ttl_tie_break_and_missing()
    {
        File.WriteAllText(Path.Combine(_dir, "stats.csv"), string.Join('\n',
            "driver_id,ts,created,rate,trips",
            $"1,{Ts(0)},{Ts(0)},0.1,10",
            $"1,{Ts(60)},{Ts(61)},0.2,20",      // same event time as the next: the later created wins
            $"1,{Ts(60)},{Ts(65)},0.3,30",
            $"1,{Ts(120)},{Ts(120)},0.9,90",    // the future for an entity row at minute 100
            $"2,{Ts(0)},{Ts(0)},0.5,50"));      // too old (ttl 2h) at minute 200
        Directory.CreateDirectory(Path.Combine(_dir, "city"));
        File.WriteAllText(Path.Combine(_dir, "city", "a.csv"), $"driver_id,city,ts,demand\n1,rome,{Ts(10)},high\n");
        File.WriteAllText(Path.Combine(_dir, "entities.csv"), string.Join('\n',
            "driver_id,city,event_timestamp,label",
            $"1,rome,{Ts(100)},yes",
            $"2,rome,{Ts(200)},no",
            $"3,oslo,{Ts(100)},no",
            $"1,rome,{Ts(5)},no"));

        foreach (var mode in new[] { JoinMode.InMemory, JoinMode.OutOfCore })
        {
            var rows = Retrieve(mode, "driver_hourly:rate,driver_hourly:trips,driver_city:demand", out var columns);
            Assert.Equal(["driver_id", "city", "event_timestamp", "label", "rate", "trips", "demand"], columns);
            Assert.Equal("0.3|30|high", Cells(rows[0]));   // not 0.9 (future), tie -> created 65
            Assert.Equal("-|-|-", Cells(rows[1]));      // driver 2's value is 200 minutes old; no (2, rome) row
            Assert.Equal("-|-|-", Cells(rows[2]));      // unknown entity
            Assert.Equal("0.1|10|-", Cells(rows[3]));     // demand appears only at minute 10
        }
    }

    [Theory]
    [InlineData(JoinMode.InMemory, 1)]
    [InlineData(JoinMode.OutOfCore, 7)]
    public void Random_frames_match_a_brute_force_join(JoinMode mode, int seed)
    {
        var random = new Random(seed);
        var stats = new List<(string Driver, int Ts, int Created, string Rate, string Trips)>();
        for (var i = 0; i < 3000; i++)
        {
            var ts = random.Next(0, 2000) / 10 * 10; // coarse times: many exact ties
            stats.Add((random.Next(0, 40).ToString(CultureInfo.InvariantCulture), ts, ts + random.Next(0, 3), $"r{i}", $"t{i}"));
        }

        var city = new List<(string Driver, string City, int Ts, string Demand)>();
        for (var i = 0; i < 1500; i++)
        {
            city.Add((random.Next(0, 40).ToString(CultureInfo.InvariantCulture), random.Next(0, 2) == 0 ? "rome" : "oslo", random.Next(0, 2000), $"d{i}"));
        }

        var entities = new List<(string Driver, string City, int Ts)>();
        for (var i = 0; i < 1000; i++)
        {
            entities.Add((random.Next(0, 45).ToString(CultureInfo.InvariantCulture), random.Next(0, 3) == 0 ? "rome" : "oslo", random.Next(0, 2200)));
        }

        File.WriteAllLines(Path.Combine(_dir, "stats.csv"), ["driver_id,ts,created,rate,trips", .. stats.Select(s => $"{s.Driver},{Ts(s.Ts)},{Ts(s.Created)},{s.Rate},{s.Trips}")]);
        Directory.CreateDirectory(Path.Combine(_dir, "city"));
        File.WriteAllLines(Path.Combine(_dir, "city", "1.csv"), ["driver_id,city,ts,demand", .. city.Take(700).Select(c => $"{c.Driver},{c.City},{Ts(c.Ts)},{c.Demand}")]);
        File.WriteAllLines(Path.Combine(_dir, "city", "2.csv"), ["driver_id,city,ts,demand", .. city.Skip(700).Select(c => $"{c.Driver},{c.City},{Ts(c.Ts)},{c.Demand}")]);
        File.WriteAllLines(Path.Combine(_dir, "entities.csv"), ["driver_id,city,event_timestamp", .. entities.Select(e => $"{e.Driver},{e.City},{Ts(e.Ts)}")]);

        var rows = Retrieve(mode, "driver_city:demand,driver_hourly:trips,driver_hourly:rate", out _);
        Assert.Equal(entities.Count, rows.Count);
        var joined = 0;
        for (var i = 0; i < entities.Count; i++)
        {
            var (driver, cityName, at) = entities[i];
            // Brute force: every row of the same key at or before the time (and within 120 minutes for the ttl view),
            // the greatest (event, created, file position).
            var best = -1;
            for (var j = 0; j < stats.Count; j++)
            {
                var s = stats[j];
                if (s.Driver == driver && s.Ts <= at && s.Ts >= at - 120
                    && (best < 0 || s.Ts > stats[best].Ts || (s.Ts == stats[best].Ts && s.Created >= stats[best].Created)))
                {
                    best = j;
                }
            }

            var bestCity = -1;
            for (var j = 0; j < city.Count; j++)
            {
                var c = city[j];
                if (c.Driver == driver && c.City == cityName && c.Ts <= at && (bestCity < 0 || c.Ts >= city[bestCity].Ts))
                {
                    bestCity = j;
                }
            }

            Assert.Equal(bestCity < 0 ? null : city[bestCity].Demand, rows[i][3]);
            Assert.Equal(best < 0 ? null : stats[best].Trips, rows[i][4]);
            Assert.Equal(best < 0 ? null : stats[best].Rate, rows[i][5]);
            joined += best < 0 ? 0 : 1;
        }

        Assert.InRange(joined, 100, 900); // the planted data exercises both outcomes
    }

    [Fact]
    public void In_memory_and_out_of_core_write_identical_files()
    {
        Random_frames_match_a_brute_force_join(JoinMode.InMemory, 3);
        var repo = FeatureRepoParser.Parse([("repo.yaml", Repo)]);
        var features = FeatureRef.ParseList("driver_hourly:rate,driver_city:demand");
        var a = HistoricalRetrieval.Run(new HistoricalRequest(repo, _dir, Path.Combine(_dir, "entities.csv"), features, Path.Combine(_dir, "a.csv")) { Mode = JoinMode.InMemory });
        var b = HistoricalRetrieval.Run(new HistoricalRequest(repo, _dir, Path.Combine(_dir, "entities.csv"), features, Path.Combine(_dir, "b.csv")) { Mode = JoinMode.OutOfCore, Partitions = 5, WorkDirectory = _dir });
        Assert.Equal((JoinMode.InMemory, JoinMode.OutOfCore, 5), (a.Mode, b.Mode, b.Partitions));
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "a.csv")), File.ReadAllBytes(Path.Combine(_dir, "b.csv")));
        Assert.Empty(Directory.GetDirectories(_dir, "crucible-features-*")); // spill files removed
    }

    private static string Cells(string?[] row) => string.Join('|', row[4..].Select(c => c ?? "-"));

    private List<string?[]> Retrieve(JoinMode mode, string features, out IReadOnlyList<string> columns)
    {
        var repo = FeatureRepoParser.Parse([("repo.yaml", Repo)]);
        var output = Path.Combine(_dir, "out.csv");
        var result = HistoricalRetrieval.Run(new HistoricalRequest(repo, _dir, Path.Combine(_dir, "entities.csv"), FeatureRef.ParseList(features), output)
        {
            Mode = mode,
            Partitions = mode == JoinMode.OutOfCore ? 4 : null,
        });
        Assert.Equal(mode, result.Mode);
        using var reader = TabularReader.Open(output);
        columns = [.. reader.Columns];
        var rows = new List<string?[]>();
        while (reader.TryReadRow(out var row))
        {
            rows.Add(row);
        }

        Assert.Equal(rows.Count, result.Rows);
        return rows;
    }
}
