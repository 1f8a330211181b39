using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Stats.Metrics;

namespace Crucible.Evaluation.Tests.Harness;

public sealed class BootstrapTests
{
    [Fact]
    public void The_same_seed_gives_the_same_intervals_and_another_seed_differs()
    {
        var table = Tables.Binary(200, seed: 3);
        var spec = new EvaluationSpec { Columns = new PredictionColumns(Scores: ["score"]), Bootstrap = new BootstrapSettings(200, 42) };

        var first = Evaluator.Evaluate(table, spec);
        var second = Evaluator.Evaluate(table, spec);
        var other = Evaluator.Evaluate(table, spec with { Bootstrap = new BootstrapSettings(200, 43) });

        Assert.Equal(first.Intervals, second.Intervals);
        Assert.NotEqual(first.Intervals[MetricNames.RocAuc], other.Intervals[MetricNames.RocAuc]);
        foreach (var (name, interval) in first.Intervals)
        {
            Assert.True(interval.Lower <= interval.Upper, name);
            Assert.Equal(200, interval.Resamples);
        }

        Assert.InRange(first.Metrics[MetricNames.RocAuc], first.Intervals[MetricNames.RocAuc].Lower, first.Intervals[MetricNames.RocAuc].Upper);
    }

    [Fact]
    public void Accuracy_interval_matches_a_hand_run_of_the_same_resamples()
    {
        int[] labels = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1];
        int[] predicted = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0];
        var table = PredictionTable.Binary(labels, [], predicted: predicted);
        var spec = new EvaluationSpec { Bootstrap = new BootstrapSettings(50, 7, 0.9) };

        var interval = Evaluator.Evaluate(table, spec).Intervals[MetricNames.Accuracy];

        var random = new Random(7);
        var accuracies = new List<double>();
        for (var b = 0; b < 50; b++)
        {
            var hits = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                var r = random.Next(labels.Length);
                hits += labels[r] == predicted[r] ? 1 : 0;
            }

            accuracies.Add(hits / 10.0);
        }

        accuracies.Sort();
        Assert.Equal(Percentile(accuracies, 0.05), interval.Lower, 12);
        Assert.Equal(Percentile(accuracies, 0.95), interval.Upper, 12);
    }

    [Fact]
    public void Quantile_interpolates_linearly_like_numpy()
    {
        Assert.Equal(1.75, BootstrapEstimator.Quantile([1.0, 2.0, 3.0, 4.0], 0.25));
        Assert.Equal(4.0, BootstrapEstimator.Quantile([1.0, 2.0, 3.0, 4.0], 1.0));
        Assert.Equal(2.5, BootstrapEstimator.Quantile([1.0, 2.0, 3.0, 4.0], 0.5));
    }

    [Fact]
    public void Slice_and_fairness_intervals_are_reported_when_bootstrap_is_on()
    {
        var table = Tables.Binary(300, seed: 9);
        var spec = new EvaluationSpec
        {
            Columns = new PredictionColumns(Scores: ["score"]), SliceBy = ["group"], SensitiveColumn = "group",
            MinSliceSize = 10, Bootstrap = new BootstrapSettings(100, 1),
        };

        var result = Evaluator.Evaluate(table, spec);

        Assert.All(result.Slices, s => Assert.NotEmpty(s.Intervals));
        Assert.True(result.Fairness!.Intervals.ContainsKey(FairnessNames.DemographicParityRatio));
    }

    private static double Percentile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
