using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Tests.Harness;

public sealed class EvaluationJsonTests
{
    [Fact]
    public void Results_serialise_with_snake_case_fields_and_sklearn_metric_names_and_round_trip()
    {
        var table = Tables.Binary(120, seed: 6);
        var spec = new EvaluationSpec
        {
            Columns = new PredictionColumns(Scores: ["score"]), SliceBy = ["group"], SensitiveColumn = "group", MinSliceSize = 30,
            Bootstrap = new BootstrapSettings(20, 3), Gate = "roc_auc > 0.5",
        };
        var result = Evaluator.Evaluate(table, spec);

        var json = EvaluationJson.Serialize(result);
        var back = EvaluationJson.Deserialize(json)!;

        Assert.Contains("\"row_count\": 120", json, StringComparison.Ordinal);
        Assert.Contains("\"roc_auc\":", json, StringComparison.Ordinal);
        Assert.Contains("\"balanced_accuracy\":", json, StringComparison.Ordinal);
        Assert.Contains("\"demographic_parity_ratio\":", json, StringComparison.Ordinal);
        Assert.Contains("\"task\": \"Binary\"", json, StringComparison.Ordinal);
        Assert.Contains("\"skipped\": false", json, StringComparison.Ordinal);
        Assert.Equal(result.Metrics, back.Metrics);
        Assert.Equal(result.Gate!.Passed, back.Gate!.Passed);
        Assert.Equal(EvaluationTask.Binary, back.Task);
    }
}
