using System.Text.Json;
using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

public sealed class GoldenBinaryTests
{
    public static TheoryData<string> Cases => MetricsGolden.Names("binary");

    [Theory]
    [MemberData(nameof(Cases))]
    public void BinaryMetrics_GoldenCase_MatchSklearn(string name)
    {
        var (c, y, p, w) = Load(name);
        var pred = Predict(p);
        MetricAssert.Close(Expected(c, "accuracy"), ClassificationMetrics.Accuracy(y, pred, w), "accuracy");
        MetricAssert.Close(Expected(c, "balanced_accuracy"), ClassificationMetrics.BalancedAccuracy(y, pred, w), "balanced_accuracy");
        MetricAssert.Close(Expected(c, "precision"), ClassificationMetrics.Precision(y, pred, 1, w), "precision");
        MetricAssert.Close(Expected(c, "recall"), ClassificationMetrics.Recall(y, pred, 1, w), "recall");
        MetricAssert.Close(Expected(c, "f1"), ClassificationMetrics.F1(y, pred, 1, w), "f1");
        MetricAssert.Close(Expected(c, "precision_pos0"), ClassificationMetrics.Precision(y, pred, 0, w), "precision_pos0");
        MetricAssert.Close(Expected(c, "recall_pos0"), ClassificationMetrics.Recall(y, pred, 0, w), "recall_pos0");
        MetricAssert.Close(Expected(c, "f1_pos0"), ClassificationMetrics.F1(y, pred, 0, w), "f1_pos0");
        MetricAssert.Close(Expected(c, "average_precision"), RankingMetrics.AveragePrecision(y, p, w), "average_precision");
        MetricAssert.Close(Expected(c, "log_loss"), ProbabilityMetrics.LogLoss(y, p, w), "log_loss");
        MetricAssert.Close(Expected(c, "brier_score"), ProbabilityMetrics.BrierScore(y, p, w), "brier_score");
        MetricAssert.Close(Expected(c, "matthews_corrcoef"), ClassificationMetrics.MatthewsCorrcoef(y, pred, w), "matthews_corrcoef");
        MetricAssert.Close(Expected(c, "cohen_kappa"), ClassificationMetrics.CohenKappa(y, pred, KappaWeighting.None, w), "cohen_kappa");

        var auc = Expected(c, "roc_auc");
        if (double.IsNaN(auc))
        {
            Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc(y, p, w));
        }
        else
        {
            MetricAssert.Close(auc, RankingMetrics.RocAuc(y, p, w), "roc_auc");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BinaryReport_GoldenCase_MatchesSklearnInOrder(string name)
    {
        var (c, y, p, w) = Load(name);
        var report = BinaryClassificationReport.Compute(y, p, 0.5, w);
        string[] order =
        [
            "accuracy", "balanced_accuracy", "precision", "recall", "f1", "roc_auc", "average_precision",
            "log_loss", "brier_score", "matthews_corrcoef", "cohen_kappa",
        ];
        var expectedKeys = order.Where(k => !double.IsNaN(Expected(c, k))).ToArray();
        Assert.Equal(expectedKeys, report.Keys.ToArray());
        foreach (var key in expectedKeys)
        {
            MetricAssert.Close(Expected(c, key), report[key], key);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RocCurve_GoldenCase_MatchesSklearnWithAndWithoutDropIntermediate(string name)
    {
        var (c, y, p, w) = Load(name);
        AssertCurve(c.GetProperty("roc_curve"), RankingMetrics.RocCurve(y, p, w, dropIntermediate: true));
        AssertCurve(c.GetProperty("roc_curve_all"), RankingMetrics.RocCurve(y, p, w, dropIntermediate: false));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrecisionRecallCurve_GoldenCase_MatchesSklearn(string name)
    {
        var (c, y, p, w) = Load(name);
        var expected = c.GetProperty("pr_curve");
        var actual = RankingMetrics.PrecisionRecallCurve(y, p, w);
        MetricAssert.Close(MetricsGolden.Doubles(expected[0]), actual.Precision, "precision");
        MetricAssert.Close(MetricsGolden.Doubles(expected[1]), actual.Recall, "recall");
        MetricAssert.Close(MetricsGolden.Doubles(expected[2]), actual.Thresholds, "thresholds");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CalibrationCurve_GoldenCase_MatchesSklearnForBothStrategies(string name)
    {
        var (c, y, p, _) = Load(name);
        foreach (var setting in c.GetProperty("calibration").EnumerateArray())
        {
            var strategy = setting.GetProperty("strategy").GetString() == "uniform" ? CalibrationStrategy.Uniform : CalibrationStrategy.Quantile;
            var bins = setting.GetProperty("n_bins").GetInt32();
            var actual = ProbabilityMetrics.CalibrationCurve(y, p, bins, strategy);
            var what = $"{strategy}/{bins}";
            MetricAssert.Close(MetricsGolden.Doubles(setting.GetProperty("prob_true")), actual.FractionOfPositives, what + " prob_true");
            MetricAssert.Close(MetricsGolden.Doubles(setting.GetProperty("prob_pred")), actual.MeanPredictedProbability, what + " prob_pred");
            Assert.Equal(y.Length, actual.Counts.Sum());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExpectedCalibrationError_GoldenCase_MatchesDefinition(string name)
    {
        var (c, y, p, _) = Load(name);
        MetricAssert.Close(MetricsGolden.Number(c.GetProperty("ece10")), ProbabilityMetrics.ExpectedCalibrationError(y, p), "ece10");
        MetricAssert.Close(MetricsGolden.Number(c.GetProperty("ece5")), ProbabilityMetrics.ExpectedCalibrationError(y, p, 5), "ece5");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConfusionMatrix_GoldenCase_MatchesSklearn(string name)
    {
        var (c, y, p, w) = Load(name);
        var actual = ConfusionMatrix.Compute(y, Predict(p), 2, w).ToRows();
        var expected = MetricsGolden.Matrix(c.GetProperty("confusion_matrix"));
        for (var i = 0; i < 2; i++)
        {
            if (w.Length == 0)
            {
                Assert.Equal(expected[i], actual[i]);
            }
            else
            {
                MetricAssert.Close(expected[i], actual[i], $"row {i}");
            }
        }
    }

    internal static int[] Predict(double[] p) => p.Select(v => v > 0.5 ? 1 : 0).ToArray();

    private static double Expected(JsonElement c, string metric) => MetricsGolden.Expected(c, metric);

    private static (JsonElement Case, int[] Y, double[] P, double[] W) Load(string name)
    {
        var c = MetricsGolden.Case("binary", name);
        return (c, MetricsGolden.Ints(c.GetProperty("y_true")), MetricsGolden.Doubles(c.GetProperty("y_score")), MetricsGolden.Weights(c));
    }

    private static void AssertCurve(JsonElement expected, RocCurve actual)
    {
        MetricAssert.Close(MetricsGolden.Doubles(expected[0]), actual.FalsePositiveRate, "fpr");
        MetricAssert.Close(MetricsGolden.Doubles(expected[1]), actual.TruePositiveRate, "tpr");
        MetricAssert.Close(MetricsGolden.Doubles(expected[2]), actual.Thresholds, "thresholds");
    }
}
