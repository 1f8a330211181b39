using Crucible.Core.Monitoring;
using Crucible.Core.Serving;
using Crucible.Monitoring.Capture;
using Crucible.Monitoring.Drift;
using Crucible.Monitoring.Rules;

namespace Crucible.Monitoring.Tests.Rules;

public sealed class SegmentShiftRuleTests
{
    private const long Hour = 3_600_000;

    /// <summary>Records whose output <c>label</c> (a segment model's) is the given segment.</summary>
    private static PredictionProfile Segments(IEnumerable<int> segments) =>
        PredictionProfiles.Build(segments.Select((s, i) => new PredictionRecord(
            $"r{i}", "segments", "segments", "1", i, """{"x":{"datatype":"FP32","shape":[1],"data":[1]}}""",
            $$$"""{"label":{"datatype":"INT64","shape":[1],"data":[{{{s}}}]}}""", 1, false)));

    private static RuleOutcome Evaluate(PredictionProfile reference, PredictionProfile current, double? threshold = null, string? column = null) =>
        RuleEvaluator.Evaluate(new MonitorSpec("segments", 0, Hour, Rule: MonitorRule.SegmentShift, Threshold: threshold, Column: column), reference, current, Hour, Hour, new DriftOptions());

    [Fact]
    public void Segment_shift_is_the_total_variation_between_segment_shares()
    {
        // Reference 50/30/20; window 20/30/50: total variation 0.3.
        var reference = Segments(Enumerable.Range(0, 100).Select(i => i < 50 ? 0 : i < 80 ? 1 : 2));
        var shifted = Segments(Enumerable.Range(0, 100).Select(i => i < 20 ? 0 : i < 50 ? 1 : 2));
        var same = Segments(Enumerable.Range(0, 200).Select(i => i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2));

        var outcome = Evaluate(reference, shifted);
        Assert.True(outcome.Fired);
        Assert.Equal(0.3, outcome.Value!.Value, 12);
        Assert.Equal(0.1, outcome.Threshold!.Value);
        Assert.Contains("segment 0 moved most, from 0.5 to 0.2", outcome.Sentence, StringComparison.Ordinal);
        Assert.Contains("\"segments\":{\"0\":{\"reference\":0.5,\"window\":0.2}", outcome.Evidence(), StringComparison.Ordinal);

        Assert.False(Evaluate(reference, shifted, threshold: 0.3).Fired);
        var steady = Evaluate(reference, same);
        Assert.Equal((false, 0.0), (steady.Fired, steady.Value!.Value));
    }

    [Fact]
    public void A_new_segment_counts_and_a_missing_column_is_said()
    {
        var reference = Segments(Enumerable.Repeat(0, 10));
        var current = Segments(Enumerable.Repeat(3, 10));
        Assert.Equal(1.0, Evaluate(reference, current).Value!.Value, 12);

        var missing = Evaluate(reference, current, column: "prediction.nothing");
        Assert.Equal((false, (double?)null), (missing.Fired, missing.Value));
        Assert.Contains("no segment counts in the reference", missing.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Spec_accepts_column_and_threshold_and_refuses_thresholds_outside_0_1()
    {
        Assert.Equal(MonitorRule.SegmentShift, MonitorRules.Parse("segment_shift"));
        Assert.Throws<Crucible.Core.Errors.CrucibleException>(() => new MonitorSpec("segments", 0, Hour, Rule: MonitorRule.SegmentShift, Threshold: 2).Validate());
    }
}
