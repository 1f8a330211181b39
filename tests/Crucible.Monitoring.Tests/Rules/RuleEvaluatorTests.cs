using System.Text.Json.Nodes;
using Crucible.Core.Monitoring;
using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Drift;
using Crucible.Monitoring.Rules;

namespace Crucible.Monitoring.Tests.Rules;

public sealed class RuleEvaluatorTests
{
    private const long Hour = 3_600_000;

    private static MonitorSpec Spec(MonitorRule rule, string? column = null, double? threshold = null, string? metric = null, double? minValue = null) =>
        new("churn", 0, Hour, Rule: rule, Column: column, Threshold: threshold, Metric: metric, MinValue: minValue);

    /// <summary>Records of one input column x (shape [1]); null values become JSON nulls; <paramref name="corrupt"/> unreadable records on top.</summary>
    private static PredictionProfile Window(IEnumerable<double?> xs, int corrupt = 0)
    {
        var records = xs.Select((x, i) => new PredictionRecord(
            $"r{i}", "churn", "churn", "1", i, $$$"""{"x":{"datatype":"FP32","shape":[1],"data":[{{{(x is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")}}}]}}""", null, 1, false))
            .Concat(Enumerable.Range(0, corrupt).Select(i => new PredictionRecord($"bad{i}", "churn", "churn", "1", i, "not json", null, 1, false)));
        return PredictionProfiles.Build(records);
    }

    private static RuleOutcome Evaluate(MonitorSpec spec, PredictionProfile reference, PredictionProfile current, long windowMs = Hour) =>
        RuleEvaluator.Evaluate(spec, reference, current, Hour, windowMs, new DriftOptions());

    [Fact]
    public void Missing_spike_compares_missing_shares_and_counts_absent_columns_as_missing()
    {
        var reference = Window(Enumerable.Range(0, 100).Select(i => i % 10 == 0 ? (double?)null : i));
        var current = Window(Enumerable.Range(0, 100).Select(i => i % 4 == 0 ? (double?)null : i));

        var spike = Evaluate(Spec(MonitorRule.MissingSpike, "x"), reference, current);
        Assert.Equal((true, 0.25 - 0.10, 0.1), (spike.Fired, spike.Value!.Value, spike.Threshold!.Value), new ToleranceComparer());
        Assert.False(Evaluate(Spec(MonitorRule.MissingSpike, "x", threshold: 0.2), reference, current).Fired);

        var gone = Evaluate(Spec(MonitorRule.MissingSpike, "z"), reference, current);
        Assert.Equal((false, (double?)null), (gone.Fired, gone.Value));
        Assert.Contains("'z' is in neither", gone.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_quality_and_traffic_drop_judge_shares_and_rates()
    {
        var reference = Window(Enumerable.Range(0, 200).Select(i => (double?)i));
        var clean = Window(Enumerable.Range(0, 100).Select(i => (double?)i));
        var dirty = Window(Enumerable.Range(0, 90).Select(i => (double?)i), corrupt: 10);

        var quality = Evaluate(Spec(MonitorRule.DataQuality), reference, dirty);
        Assert.Equal((true, 0.1, 0.05), (quality.Fired, quality.Value!.Value, quality.Threshold!.Value));
        Assert.False(Evaluate(Spec(MonitorRule.DataQuality), reference, clean).Fired);

        // 200 rows per hour in the reference: a half-hour window expects 100.
        Assert.False(Evaluate(Spec(MonitorRule.TrafficDrop), reference, clean, Hour / 2).Fired);
        // Exactly half is not below half; 40 of 200 is.
        Assert.Equal((false, 0.5), (Evaluate(Spec(MonitorRule.TrafficDrop), reference, clean).Fired, Evaluate(Spec(MonitorRule.TrafficDrop), reference, clean).Value!.Value));
        var drop = Evaluate(Spec(MonitorRule.TrafficDrop), reference, Window(Enumerable.Range(0, 40).Select(i => (double?)i)));
        Assert.Equal((true, 0.2, 0.5), (drop.Fired, drop.Value!.Value, drop.Threshold!.Value));
        Assert.Equal("The window had 40 predictions, 0.2 of the 200 the reference served per window-length, below 0.5.", drop.Sentence);
    }

    [Fact]
    public void Performance_fires_outside_the_band_or_below_the_minimum_and_names_the_bound()
    {
        WindowPerformance Accuracy(double value) => new("accuracy", value, true, 0.01, 0.8, 0.95, 500);
        var spec = Spec(MonitorRule.Performance, metric: "accuracy");

        var inside = PerformanceRule.Evaluate(spec, [Accuracy(0.9)]);
        Assert.Equal((false, 0.9, 0.8), (inside.Fired, inside.Value!.Value, inside.Threshold!.Value));
        var low = PerformanceRule.Evaluate(spec, [Accuracy(0.7)]);
        Assert.Equal((true, 0.8), (low.Fired, low.Threshold!.Value));
        var high = PerformanceRule.Evaluate(spec, [Accuracy(0.99)]);
        Assert.Equal((true, 0.95), (high.Fired, high.Threshold!.Value));
        var belowMin = PerformanceRule.Evaluate(spec with { MinValue = 0.92 }, [Accuracy(0.9)]);
        Assert.Equal((true, 0.92), (belowMin.Fired, belowMin.Threshold!.Value));
        Assert.Equal("The estimated accuracy 0.9 is below the minimum 0.92.", belowMin.Sentence);

        Assert.Null(PerformanceRule.Evaluate(spec, null).Value);
        Assert.Null(PerformanceRule.Evaluate(spec, [Accuracy(double.NaN)]).Value);
        Assert.Null(PerformanceRule.Evaluate(spec, [new WindowPerformance("f1", 0.5, false, 0, null, null, 1)]).Value);
    }

    [Fact]
    public void Evidence_names_rule_value_threshold_and_sentence_and_keeps_the_drift_report()
    {
        var reference = Window(Enumerable.Range(0, 100).Select(i => (double?)i));
        var shifted = Window(Enumerable.Range(0, 100).Select(i => (double?)(i + 60)));

        var outcome = Evaluate(Spec(MonitorRule.ColumnDrift, "x"), reference, shifted);
        var evidence = JsonNode.Parse(outcome.Evidence())!;
        Assert.Equal(("column_drift", true, "x", "ks"), ((string)evidence["rule"]!, (bool)evidence["fired"]!, (string)evidence["column"]!, (string)evidence["test"]!));
        Assert.Equal(outcome.Value, (double)evidence["value"]!);
        Assert.Equal(0.05, (double)evidence["threshold"]!);
        Assert.StartsWith("Column 'x' drifted: ks p-value ", (string)evidence["sentence"]!);
        Assert.Single(evidence["columns"]!.AsArray());
    }

    private sealed class ToleranceComparer : IEqualityComparer<(bool, double, double)>
    {
        public bool Equals((bool, double, double) x, (bool, double, double) y) =>
            x.Item1 == y.Item1 && Math.Abs(x.Item2 - y.Item2) < 1e-12 && Math.Abs(x.Item3 - y.Item3) < 1e-12;

        public int GetHashCode((bool, double, double) obj) => obj.Item1.GetHashCode();
    }
}
