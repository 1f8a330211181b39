using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Stats.Metrics;

namespace Crucible.Evaluation.Tests.Harness;

public sealed class ComparisonTests
{
    private static readonly EvaluationSpec Spec = new()
    {
        Columns = new PredictionColumns(Scores: ["score"]), Bootstrap = new BootstrapSettings(100, 5), SensitiveColumn = "group", MinSliceSize = 10,
    };

    [Fact]
    public void A_model_compared_with_itself_has_zero_deltas_with_zero_width_intervals()
    {
        var table = Tables.Binary(150, seed: 2);

        var comparison = Evaluator.Evaluate(table, Spec, table).Comparison!;

        Assert.All(comparison.Deltas.Values, d =>
        {
            Assert.Equal(0.0, d.Delta);
            Assert.Equal(0.0, d.Interval!.Lower);
            Assert.Equal(0.0, d.Interval.Upper);
        });
    }

    [Fact]
    public void Deltas_are_challenger_minus_champion_and_feed_the_gate()
    {
        var champion = Tables.Binary(200, seed: 4, labelSeed: 1);
        var challenger = Tables.Binary(200, seed: 8, labelSeed: 1);
        var spec = Spec with { Gate = "roc_auc >= champion.roc_auc - 1 and delta.log_loss < 10 and champion.dp_ratio > 0" };

        var result = Evaluator.Evaluate(challenger, spec, champion);

        var delta = result.Comparison!.Deltas[MetricNames.RocAuc];
        Assert.Equal(result.Metrics[MetricNames.RocAuc] - result.Comparison.ChampionMetrics[MetricNames.RocAuc], delta.Delta, 15);
        Assert.True(delta.Interval!.Lower <= delta.Interval.Upper);
        Assert.True(result.Gate!.Passed);
        Assert.Equal(3, result.Gate.Evidence.Count);
        Assert.Equal(result.Comparison.ChampionMetrics[MetricNames.RocAuc] - 1, result.Gate.Evidence[0].Right, 12);
    }

    [Fact]
    public void A_failing_gate_reports_the_failed_comparison()
    {
        var table = Tables.Binary(200, seed: 4);
        var result = Evaluator.Evaluate(table, Spec with { Gate = "roc_auc > 0.999 or dp_difference < 0" });
        Assert.False(result.Gate!.Passed);
        Assert.All(result.Gate.Evidence, e => Assert.False(e.Passed));
    }

    [Fact]
    public void A_champion_on_other_rows_is_rejected()
    {
        var challenger = Tables.Binary(100, seed: 1);
        var shorter = Tables.Binary(99, seed: 1);
        var relabelled = Tables.Binary(100, seed: 1, labelSeed: 77);

        Assert.Contains("Length mismatch", Assert.Throws<EvaluationInputException>(() => Evaluator.Evaluate(challenger, Spec, shorter)).Message, StringComparison.Ordinal);
        Assert.Contains("label differs", Assert.Throws<EvaluationInputException>(() => Evaluator.Evaluate(challenger, Spec, relabelled)).Message, StringComparison.Ordinal);
    }
}
