using System.Globalization;
using Crucible.Features.Definitions;
using Crucible.Features.Historical;
using Crucible.Tabular;
using Xunit.Abstractions;

namespace Crucible.Features.Tests.Historical;

/// <summary>
/// The leakage demonstration: customers' weekly logins fall to zero after they churn. The same model (a threshold on
/// logins, fitted for accuracy) is trained on a naive latest-value join and on the point-in-time join, and scored on
/// a time-split holdout offline (features built by the same join) and online (the value the online store held at
/// prediction time, which is the point-in-time value). The naive model looks near perfect offline and drops online.
/// </summary>
public sealed class LeakageDemonstrationTests(ITestOutputHelper output) : IDisposable
{
    private const string Repo = """
        entities: [{name: customer, join_keys: [customer_id]}]
        sources: [{name: activity, path: activity.csv, timestamp: ts}]
        feature_views:
          - {name: usage, entities: [customer], source: activity, ttl: 0, features: [{name: logins_7d, type: float}]}
        """;

    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("crucible-leakage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_naive_join_inflates_the_offline_score_and_drops_online_while_the_point_in_time_join_holds()
    {
        var random = new Random(19);
        var customers = Enumerable.Range(0, 400).Select(i => (Id: i, Day: random.Next(10, 80), Churn: random.Next(2))).ToList();
        var activity = new List<string> { "customer_id,ts,logins_7d" };
        foreach (var c in customers)
        {
            for (var day = 0; day <= 90; day += 3)
            {
                // Before the label time churners log in a little less; after it, they are gone.
                var logins = day > c.Day && c.Churn == 1 ? 0 : Math.Max(0, (c.Churn == 1 ? 5.0 : 6.5) + (2 * Gaussian(random)));
                activity.Add($"{c.Id},{Stamp(day)},{logins.ToString("0.##", CultureInfo.InvariantCulture)}");
            }
        }

        File.WriteAllLines(Path.Combine(_dir, "activity.csv"), activity);
        var pit = Join(customers.Select(c => (c.Id, c.Day)), "pit.csv");
        var naive = Join(customers.Select(c => (c.Id, Day: 10_000)), "naive.csv"); // "latest value": every row qualifies

        var train = customers.Select((c, i) => (c, i)).Where(x => x.c.Day < 55).ToList();
        var holdout = customers.Select((c, i) => (c, i)).Where(x => x.c.Day >= 55).ToList();
        var naiveModel = Stump.Fit([.. train.Select(x => (naive[x.i], x.c.Churn))]);
        var pitModel = Stump.Fit([.. train.Select(x => (pit[x.i], x.c.Churn))]);

        var naiveOffline = naiveModel.Accuracy([.. holdout.Select(x => (naive[x.i], x.c.Churn))]);
        var naiveOnline = naiveModel.Accuracy([.. holdout.Select(x => (pit[x.i], x.c.Churn))]);
        var pitOffline = pitModel.Accuracy([.. holdout.Select(x => (pit[x.i], x.c.Churn))]);
        var pitOnline = pitOffline; // online the model sees the value held at prediction time: the point-in-time value
        output.WriteLine($"holdout {holdout.Count} rows; naive join: offline accuracy {naiveOffline:0.000}, online {naiveOnline:0.000}; point-in-time join: offline {pitOffline:0.000}, online {pitOnline:0.000}");

        Assert.True(naiveOffline >= 0.95, $"naive offline {naiveOffline}");
        Assert.True(naiveOnline <= 0.65, $"naive online {naiveOnline}");
        Assert.True(pitOnline - naiveOnline >= 0.05, $"point-in-time online {pitOnline} vs naive online {naiveOnline}");
        Assert.True(naiveOffline - pitOffline >= 0.2, "the naive offline score is inflated");
    }

    private static string Stamp(int day) => Day0.AddDays(day).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private List<double> Join(IEnumerable<(int Id, int Day)> rows, string name)
    {
        var entities = Path.Combine(_dir, "entities-" + name);
        File.WriteAllLines(entities, ["customer_id,event_timestamp", .. rows.Select(r => $"{r.Id},{Stamp(r.Day)}")]);
        var repo = FeatureRepoParser.Parse([("repo.yaml", Repo)]);
        var path = Path.Combine(_dir, name);
        HistoricalRetrieval.Run(new HistoricalRequest(repo, _dir, entities, [new FeatureRef("usage", "logins_7d")], path));
        using var reader = TabularReader.Open(path);
        var values = new List<double>();
        while (reader.TryReadRow(out var row))
        {
            values.Add(double.Parse(row[2]!, CultureInfo.InvariantCulture));
        }

        return values;
    }

    /// <summary>The model: churn when logins are at or below a threshold, the threshold fitted for training accuracy.</summary>
    private sealed record Stump(double Threshold)
    {
        public static Stump Fit(IReadOnlyList<(double X, int Y)> rows) =>
            rows.Select(r => new Stump(r.X)).MaxBy(s => s.Accuracy(rows))!;

        public double Accuracy(IReadOnlyList<(double X, int Y)> rows) =>
            rows.Count(r => (r.X <= Threshold ? 1 : 0) == r.Y) / (double)rows.Count;
    }
}
