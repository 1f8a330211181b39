using System.Text.Json;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Tests.Harness;

public sealed class GoldenMetricsTests
{
    [Fact]
    public void Binary_weighted_metrics_slices_and_fairness_match_sklearn()
    {
        var golden = GoldenCase.Load("binary_weighted");
        var spec = new EvaluationSpec
        {
            Task = EvaluationTask.Binary,
            Columns = new PredictionColumns("label", Scores: ["score"], Weight: "weight"),
            SliceBy = ["region", "age"],
            SliceBins = new Dictionary<string, IReadOnlyList<double>> { ["age"] = [30.0, 50.0, 90.0] },
            MinSliceSize = golden.GetProperty("min_slice_size").GetInt32(),
            SensitiveColumn = "sex",
        };

        var result = Evaluator.EvaluateFile(GoldenCase.File(golden), spec);

        GoldenCase.AssertMetrics(golden.GetProperty("overall"), result.Metrics, "overall");
        AssertSlices(golden.GetProperty("slices"), result, ["region", "age"]);
        var fairness = golden.GetProperty("fairness");
        var actual = result.Fairness!;
        GoldenCase.AssertMetrics(fairness.GetProperty("metrics"), actual.Metrics, "fairness");
        Assert.Equal(fairness.GetProperty("reference_group").GetString(), actual.ReferenceGroup);
        foreach (var group in fairness.GetProperty("groups").EnumerateObject())
        {
            var measured = actual.Groups.Single(g => g.Group == group.Name);
            Assert.False(measured.Skipped);
            GoldenCase.AssertClose(group.Value.GetProperty("selection_rate").GetDouble(), measured.SelectionRate, $"{group.Name} selection");
            GoldenCase.AssertClose(group.Value.GetProperty("true_positive_rate").GetDouble(), measured.TruePositiveRate, $"{group.Name} tpr");
            GoldenCase.AssertClose(group.Value.GetProperty("false_positive_rate").GetDouble(), measured.FalsePositiveRate, $"{group.Name} fpr");
            GoldenCase.AssertClose(group.Value.GetProperty("disparity").GetDouble(), measured.Disparity, $"{group.Name} disparity");
            Assert.Equal(group.Value.GetProperty("fair").GetBoolean(), measured.Fair);
        }

        AssertCurves(golden.GetProperty("curves"), result.Curves!);
        foreach (var skipped in fairness.GetProperty("skipped_groups").EnumerateArray())
        {
            var group = actual.Groups.Single(g => g.Group == skipped.GetString());
            Assert.True(group.Skipped);
            Assert.Null(group.Fair);
        }
    }

    [Fact]
    public void Multiclass_string_labels_match_sklearn_overall_and_per_slice()
    {
        var golden = GoldenCase.Load("multiclass");
        var spec = EvaluationSpec.ForMulticlass(new PredictionColumns("species", Scores: ["p_bird", "p_cat", "p_dog"])) with
        {
            SliceBy = ["site"],
            MinSliceSize = 5,
        };

        var result = Evaluator.EvaluateFile(GoldenCase.File(golden), spec);

        GoldenCase.AssertMetrics(golden.GetProperty("overall"), result.Metrics, "overall");
        AssertSlices(golden.GetProperty("slices"), result, ["site"]);
        Assert.Equal(["bird", "cat", "dog"], result.Curves!.ClassNames);
    }

    [Fact]
    public void Regression_jsonl_with_weights_matches_sklearn_and_skips_a_small_slice()
    {
        var golden = GoldenCase.Load("regression");
        var spec = EvaluationSpec.ForRegression(new PredictionColumns("target", "prediction", Weight: "w")) with
        {
            SliceBy = ["segment"],
            MinSliceSize = 5,
        };

        var result = Evaluator.EvaluateFile(GoldenCase.File(golden), spec);

        GoldenCase.AssertMetrics(golden.GetProperty("overall"), result.Metrics, "overall");
        AssertSlices(golden.GetProperty("slices"), result, ["segment"]);
        Assert.Contains(result.Slices, s => s.Skipped);
    }

    private static void AssertCurves(JsonElement expected, EvaluationCurves curves)
    {
        AssertSeries(expected.GetProperty("roc_fpr"), curves.RocFpr, "roc_fpr");
        AssertSeries(expected.GetProperty("roc_tpr"), curves.RocTpr, "roc_tpr");
        AssertSeries(expected.GetProperty("pr_precision"), curves.PrPrecision, "pr_precision");
        AssertSeries(expected.GetProperty("pr_recall"), curves.PrRecall, "pr_recall");
        AssertSeries(expected.GetProperty("calibration_mean_predicted"), curves.CalibrationMeanPredicted, "calibration_mean_predicted");
        AssertSeries(expected.GetProperty("calibration_fraction_positive"), curves.CalibrationFractionPositive, "calibration_fraction_positive");
        GoldenCase.AssertClose(expected.GetProperty("expected_calibration_error").GetDouble(), curves.ExpectedCalibrationError!.Value, "ece");
        var rows = expected.GetProperty("confusion_matrix").EnumerateArray().ToList();
        for (var t = 0; t < rows.Count; t++)
        {
            AssertSeries(rows[t], curves.ConfusionMatrix[t], $"confusion row {t}");
        }
    }

    private static void AssertSeries(JsonElement expected, IReadOnlyList<double> actual, string what)
    {
        var want = expected.EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Equal(want.Count, actual.Count);
        for (var i = 0; i < want.Count; i++)
        {
            GoldenCase.AssertClose(want[i], actual[i], $"{what}[{i}]");
        }
    }

    private static void AssertSlices(JsonElement expected, EvaluationResult result, string[] columns)
    {
        foreach (var column in columns)
        {
            var want = expected.GetProperty(column).EnumerateArray().ToList();
            var got = result.Slices.Where(s => s.Column == column).ToList();
            Assert.Equal(want.Count, got.Count);
            for (var i = 0; i < want.Count; i++)
            {
                Assert.Equal(want[i].GetProperty("count").GetInt32(), got[i].Count);
                Assert.Equal(want[i].GetProperty("skipped").GetBoolean(), got[i].Skipped);
                if (want[i].TryGetProperty("metrics", out var metrics))
                {
                    GoldenCase.AssertMetrics(metrics, got[i].Metrics, $"{column}={got[i].Value}");
                }
                else
                {
                    Assert.Empty(got[i].Metrics);
                }
            }
        }
    }
}
