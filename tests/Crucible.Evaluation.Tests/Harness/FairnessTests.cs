using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Tests.Harness;

public sealed class FairnessTests
{
    [Fact]
    public void Rates_disparities_and_the_80_percent_rule_match_a_hand_computation()
    {
        // Group a (10 rows): labels 1,1,1,1,0,0,0,0,0,0; predicted 1,1,1,0,1,0,0,0,0,0 -> selection 0.4, TPR 3/4, FPR 1/6.
        // Group b (6 rows):  labels 1,1,0,0,0,0;         predicted 1,0,0,0,0,0         -> selection 1/6, TPR 1/2, FPR 0.
        // Group c (2 rows) is below the minimum size of 5.
        int[] labels = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0];
        int[] predicted = [1, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1];
        string?[] group = [.. Enumerable.Repeat("a", 10), .. Enumerable.Repeat("b", 6), "c", "c"];
        var table = PredictionTable.Binary(labels, [], attributes: new Dictionary<string, string?[]> { ["g"] = group }, predicted: predicted);

        var fairness = Evaluator.Evaluate(table, new EvaluationSpec { SensitiveColumn = "g", MinSliceSize = 5 }).Fairness!;

        Assert.Equal("a", fairness.ReferenceGroup);
        Assert.Equal(0.4 - (1.0 / 6), fairness.Metrics[FairnessNames.DemographicParityDifference], 12);
        Assert.Equal(1.0 / 6 / 0.4, fairness.Metrics[FairnessNames.DemographicParityRatio], 12);
        Assert.Equal(Math.Max(0.75 - 0.5, 1.0 / 6), fairness.Metrics[FairnessNames.EqualizedOddsDifference], 12);
        Assert.Equal(Math.Min(0.5 / 0.75, 0.0), fairness.Metrics[FairnessNames.EqualizedOddsRatio], 12);
        Assert.Equal(0.25, fairness.Metrics[FairnessNames.EqualOpportunityDifference], 12);
        Assert.Equal(0.5 / 0.75, fairness.Metrics[FairnessNames.EqualOpportunityRatio], 12);
        var b = fairness.Groups.Single(g => g.Group == "b");
        Assert.Equal((1.0 / 6) / 0.4, b.Disparity, 12);
        Assert.False(b.Fair);
        Assert.True(fairness.Groups.Single(g => g.Group == "a").Fair);
        Assert.Null(fairness.Groups.Single(g => g.Group == "c").Fair);
        Assert.False(fairness.AllGroupsFair);
    }

    [Fact]
    public void Gate_names_include_fairness_aliases()
    {
        var table = Tables.Binary(90, seed: 2);
        var result = Evaluator.Evaluate(table, new EvaluationSpec
        {
            Columns = new PredictionColumns(Scores: ["score"]), SensitiveColumn = "group", MinSliceSize = 10, Gate = "dp_ratio == demographic_parity_ratio and eo_difference >= 0",
        });

        Assert.True(result.Gate!.Passed);
    }

    [Fact]
    public void Fairness_needs_a_binary_task()
    {
        var table = PredictionTable.Regression([1.0], [1.0], attributes: new Dictionary<string, string?[]> { ["g"] = ["a"] });
        var error = Assert.Throws<EvaluationInputException>(() => Evaluator.Evaluate(table, new EvaluationSpec { Task = EvaluationTask.Regression, SensitiveColumn = "g" }));
        Assert.Contains("binary task only", error.Message, StringComparison.Ordinal);
    }
}
