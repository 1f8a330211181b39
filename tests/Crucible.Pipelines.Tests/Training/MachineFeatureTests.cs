using System.Globalization;
using System.Text;
using Crucible.Evaluation.Models;
using Crucible.Pipelines.Training;
using Crucible.Pipelines.Training.TimeSeries;
using Crucible.Stats.Metrics;

namespace Crucible.Pipelines.Tests.Training;

/// <summary>Per-machine time-series features (no look-ahead), maintenance targets and splits, and a model trained on them.</summary>
public sealed class MachineFeatureTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Features_for_time_t_never_read_a_reading_after_t_planted_future_spikes()
    {
        var readings = Fleet(6, 200, 4);
        var options = new MachineFeatureOptions(TimeSpan.FromHours(12), Lags: 3);
        var before = MachineFeatures.Build(readings, ["temperature", "vibration"], options);
        foreach (var cut in new[] { 50, 120, 199 })
        {
            var t = Start.AddHours(cut);
            // After t: every sensor spikes a thousandfold and every reading is an event.
            var planted = readings.Select(r => r.Time > t ? r with { Values = [.. r.Values.Select(v => (v * 1000) + 1e6)], Event = true } : r).ToList();
            var after = MachineFeatures.Build(planted, ["temperature", "vibration"], options);
            var checkedRows = 0;
            for (var i = 0; i < readings.Count; i++)
            {
                if (readings[i].Time <= t)
                {
                    Assert.Equal(before.Row(i).ToArray(), after.Row(i).ToArray());
                    checkedRows++;
                }
                else
                {
                    Assert.NotEqual(before.Row(i)[0], after.Row(i)[0]);
                }
            }

            Assert.True(checkedRows > 0);
        }
    }

    [Fact]
    public void Window_lags_trend_and_time_since_event_are_hand_checked()
    {
        SensorReading R(int hour, double v, bool e = false) => new("m1", Start.AddHours(hour), [v], e);
        var readings = new List<SensorReading> { R(3, 4), R(0, 1), R(1, 2, e: true), R(2, 3), new("m2", Start, [100]) };
        var table = MachineFeatures.Build(readings, ["s"], new MachineFeatureOptions(TimeSpan.FromHours(3), Lags: 1));
        Assert.Equal(["s", "s_lag1", "s_mean", "s_std", "s_min", "s_max", "s_trend", "s_delta", "hours_since_event", "readings_in_window"], table.Names);
        // Reading at hour 3: window (0, 3] holds hours 1, 2, 3 (values 2, 3, 4); lag1 is hour 2; the event was at hour 1.
        double[] expected = [4, 3, 3, Math.Sqrt(2.0 / 3), 2, 4, 1, 1, 2, 3];
        var actual = table.Row(0).ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 12);
        }

        // Hour 0: no history, no event yet.
        Assert.True(double.IsNaN(table.Row(1)[1]) && double.IsNaN(table.Row(1)[8]));
        Assert.Equal(0, table.Row(2)[8]); // the event at hour 1 is at or before t
        Assert.Equal(1, table.Row(4)[9]); // m2 sees only its own reading
    }

    [Fact]
    public void Targets_look_ahead_to_the_next_event_only()
    {
        SensorReading R(int hour, bool e = false) => new("m", Start.AddHours(hour), [0], e);
        var readings = new List<SensorReading> { R(0), R(5), R(10, e: true), R(11), R(30, e: true), R(31) };
        Assert.Equal([1, 1, 1, 1, 0, 0], MaintenanceLabels.FailureWithin(readings, TimeSpan.FromHours(20)));
        Assert.Equal([10, 5, 20, 19, double.NaN, double.NaN], MaintenanceLabels.RemainingUsefulLife(readings));
    }

    [Fact]
    public void Splits_keep_machines_apart_and_training_labels_before_the_cutoff()
    {
        var readings = Fleet(10, 100, 5);
        var byMachine = MaintenanceSplits.ByMachine(readings, 0.3, 1);
        var trainMachines = byMachine.Train.Select(i => readings[i].Machine).ToHashSet();
        var testMachines = byMachine.Test.Select(i => readings[i].Machine).ToHashSet();
        Assert.Empty(trainMachines.Intersect(testMachines));
        Assert.Equal(3, testMachines.Count);
        Assert.Equal(readings.Count, byMachine.Train.Length + byMachine.Test.Length);

        var cutoff = Start.AddHours(70);
        var byTime = MaintenanceSplits.ByTime(readings, cutoff, TimeSpan.FromHours(10));
        Assert.All(byTime.Train, i => Assert.True(readings[i].Time.AddHours(10) < cutoff));
        Assert.All(byTime.Test, i => Assert.True(readings[i].Time >= cutoff));
    }

    [Fact]
    public void Failure_within_horizon_trained_on_features_beats_the_base_rate_at_a_maintenance_budget()
    {
        var readings = Fleet(16, 300, 11);
        var sensors = new[] { "temperature", "vibration" };
        var features = MachineFeatures.Build(readings, sensors, new MachineFeatureOptions(TimeSpan.FromHours(12)));
        var labels = MaintenanceLabels.FailureWithin(readings, TimeSpan.FromHours(24));
        var split = MaintenanceSplits.ByMachine(readings, 0.25, 3);
        var train = Table(features, labels, split.Train);
        var trained = Trainers.Create("gbt_classifier").Train(train, "failure_24h", TrainingFixtures.Params(("max_iter", "40")), null, CancellationToken.None);
        var model = TrainerInternals.Fit(Trainers.Create("gbt_classifier"), train, "failure_24h", TrainingFixtures.Params(("max_iter", "40")));
        var test = Table(features, labels, split.Test);
        var scores = model.Predict(test.Features, test.RowCount);
        var truth = test.NumericColumn("failure_24h").Select(v => (int)v).ToArray();
        var baseRate = truth.Average();
        var precision = MaintenanceMetrics.PrecisionAtBudget(truth, scores, 50);
        Assert.True(trained.Onnx.Length > 0);
        Assert.True(precision > 2 * baseRate, $"precision at 50 {precision} vs base rate {baseRate}");
    }

    /// <summary>Machines that degrade: temperature and vibration drift up for about a day before each failure.</summary>
    internal static List<SensorReading> Fleet(int machines, int hours, int seed)
    {
        var random = new Random(seed);
        var readings = new List<SensorReading>();
        for (var m = 0; m < machines; m++)
        {
            var nextFailure = random.Next(40, 160);
            for (var h = 0; h < hours; h++)
            {
                var toFailure = nextFailure - h;
                var wear = toFailure is >= 0 and < 30 ? (30 - toFailure) / 30.0 : 0;
                var failure = toFailure == 0;
                readings.Add(new SensorReading(
                    string.Create(CultureInfo.InvariantCulture, $"m{m:00}"), Start.AddHours(h),
                    [60 + (15 * wear) + (random.NextDouble() * 4), 1 + (2 * wear * wear) + (random.NextDouble() * 0.4)], failure));
                if (failure)
                {
                    nextFailure = h + random.Next(60, 160);
                }
            }
        }

        return readings;
    }

    private static Dataset Table(FeatureTable features, double[] labels, int[] rows)
    {
        var csv = new StringBuilder(string.Join(',', features.Names.Where(n => n != "hours_since_event"))).Append(",failure_24h\n");
        var keep = features.Names.Select((n, i) => (n, i)).Where(p => p.n != "hours_since_event").Select(p => p.i).ToArray();
        foreach (var r in rows)
        {
            var row = features.Row(r).ToArray();
            csv.Append(string.Join(',', keep.Select(i => double.IsNaN(row[i]) ? "0" : row[i].ToString("R", CultureInfo.InvariantCulture))))
                .Append(CultureInfo.InvariantCulture, $",{labels[r]}\n");
        }

        return Dataset.ReadCsv(new StringReader(csv.ToString()), "machines", "failure_24h");
    }
}
