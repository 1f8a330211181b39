using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

public sealed class GoldenMulticlassTests
{
    public static TheoryData<string> Cases => MetricsGolden.Names("multiclass");

    [Theory]
    [MemberData(nameof(Cases))]
    public void MulticlassMetrics_GoldenCase_MatchSklearn(string name)
    {
        var (c, k, y, proba, w) = Load(name);
        var pred = ArgMax(proba, k);
        Check(c, "accuracy", ClassificationMetrics.Accuracy(y, pred, w));
        Check(c, "balanced_accuracy", ClassificationMetrics.BalancedAccuracy(y, pred, w));
        foreach (var (suffix, average) in Averages)
        {
            Check(c, "precision_" + suffix, ClassificationMetrics.Precision(y, pred, average, w));
            Check(c, "recall_" + suffix, ClassificationMetrics.Recall(y, pred, average, w));
            Check(c, "f1_" + suffix, ClassificationMetrics.F1(y, pred, average, w));
        }

        Check(c, "log_loss", ProbabilityMetrics.LogLoss(y, proba, k, w));
        Check(c, "matthews_corrcoef", ClassificationMetrics.MatthewsCorrcoef(y, pred, w));
        Check(c, "cohen_kappa", ClassificationMetrics.CohenKappa(y, pred, KappaWeighting.None, w));
        Check(c, "top_k_accuracy", ProbabilityMetrics.TopKAccuracy(y, proba, k, 2, w));
        Check(c, "top_1_accuracy", ProbabilityMetrics.TopKAccuracy(y, proba, k, 1, w));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MulticlassRocAuc_GoldenCase_MatchesSklearnOvrAndOvo(string name)
    {
        var (c, k, y, proba, w) = Load(name);
        if (!MetricsGolden.HasExpected(c, "roc_auc_ovr"))
        {
            // sklearn refuses when a class never occurs in y_true; so do we.
            Assert.Throws<ArgumentException>(() => RankingMetrics.RocAucOvr(y, proba, k, MetricAverage.Macro, w));
            Assert.Throws<ArgumentException>(() => RankingMetrics.RocAucOvo(y, proba, k));
            return;
        }

        Check(c, "roc_auc_ovr", RankingMetrics.RocAucOvr(y, proba, k, MetricAverage.Macro, w));
        Check(c, "roc_auc_ovr_weighted", RankingMetrics.RocAucOvr(y, proba, k, MetricAverage.Weighted, w));
        Check(c, "roc_auc_ovr_micro", RankingMetrics.RocAucOvr(y, proba, k, MetricAverage.Micro, w));
        if (MetricsGolden.HasExpected(c, "roc_auc_ovo"))
        {
            Check(c, "roc_auc_ovo", RankingMetrics.RocAucOvo(y, proba, k, MetricAverage.Macro));
            Check(c, "roc_auc_ovo_weighted", RankingMetrics.RocAucOvo(y, proba, k, MetricAverage.Weighted));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MulticlassReport_GoldenCase_MatchesSklearnInOrder(string name)
    {
        var (c, k, y, proba, w) = Load(name);
        var report = MulticlassClassificationReport.Compute(y, proba, k, w);
        string[] order =
        [
            "accuracy", "balanced_accuracy", "precision_macro", "precision_micro", "precision_weighted",
            "recall_macro", "recall_micro", "recall_weighted", "f1_macro", "f1_micro", "f1_weighted",
            "roc_auc_ovr", "roc_auc_ovr_weighted", "roc_auc_ovo", "roc_auc_ovo_weighted",
            "log_loss", "matthews_corrcoef", "cohen_kappa", "top_k_accuracy",
        ];
        var expectedKeys = order.Where(key => MetricsGolden.HasExpected(c, key) && (key != "top_k_accuracy" || k > 2)).ToArray();
        Assert.Equal(expectedKeys, report.Keys.ToArray());
        foreach (var key in expectedKeys)
        {
            Check(c, key, report[key]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConfusionMatrix_GoldenMulticlassCase_MatchesSklearn(string name)
    {
        var (c, k, y, proba, w) = Load(name);
        var actual = ConfusionMatrix.Compute(y, ArgMax(proba, k), k, w).ToRows();
        var expected = MetricsGolden.Matrix(c.GetProperty("confusion_matrix"));
        for (var i = 0; i < k; i++)
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

    private static readonly (string Suffix, MetricAverage Average)[] Averages =
        [("macro", MetricAverage.Macro), ("micro", MetricAverage.Micro), ("weighted", MetricAverage.Weighted)];

    private static void Check(System.Text.Json.JsonElement c, string metric, double actual)
        => MetricAssert.Close(MetricsGolden.Expected(c, metric), actual, metric);

    private static int[] ArgMax(double[] proba, int k)
    {
        var n = proba.Length / k;
        var pred = new int[n];
        for (var i = 0; i < n; i++)
        {
            var best = 0;
            for (var j = 1; j < k; j++)
            {
                if (proba[(i * k) + j] > proba[(i * k) + best])
                {
                    best = j;
                }
            }

            pred[i] = best;
        }

        return pred;
    }

    private static (System.Text.Json.JsonElement Case, int K, int[] Y, double[] Proba, double[] W) Load(string name)
    {
        var c = MetricsGolden.Case("multiclass", name);
        return (
            c,
            c.GetProperty("n_classes").GetInt32(),
            MetricsGolden.Ints(c.GetProperty("y_true")),
            MetricsGolden.Doubles(c.GetProperty("proba")),
            MetricsGolden.Weights(c));
    }
}
