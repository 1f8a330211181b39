using Crucible.Stats.Metrics;

namespace Crucible.Stats.Tests.Metrics;

public sealed class GoldenLabelTests
{
    public static TheoryData<string> Cases => MetricsGolden.Names("labels");

    [Theory]
    [MemberData(nameof(Cases))]
    public void LabelMetrics_GoldenCase_MatchSklearn(string name)
    {
        var c = MetricsGolden.Case("labels", name);
        var y = MetricsGolden.Ints(c.GetProperty("y_true"));
        var pred = MetricsGolden.Ints(c.GetProperty("y_pred"));
        var w = MetricsGolden.Weights(c);

        void Check(string metric, double actual) => MetricAssert.Close(MetricsGolden.Expected(c, metric), actual, metric);

        Check("accuracy", ClassificationMetrics.Accuracy(y, pred, w));
        Check("balanced_accuracy", ClassificationMetrics.BalancedAccuracy(y, pred, w));
        Check("matthews_corrcoef", ClassificationMetrics.MatthewsCorrcoef(y, pred, w));
        Check("cohen_kappa", ClassificationMetrics.CohenKappa(y, pred, KappaWeighting.None, w));
        Check("cohen_kappa_linear", ClassificationMetrics.CohenKappa(y, pred, KappaWeighting.Linear, w));
        Check("cohen_kappa_quadratic", ClassificationMetrics.CohenKappa(y, pred, KappaWeighting.Quadratic, w));
        foreach (var (suffix, average) in new[] { ("macro", MetricAverage.Macro), ("micro", MetricAverage.Micro), ("weighted", MetricAverage.Weighted) })
        {
            var all = ClassificationMetrics.AveragedPrecisionRecallF1(y, pred, average, w);
            Check("precision_" + suffix, all.Precision);
            Check("recall_" + suffix, all.Recall);
            Check("f1_" + suffix, all.F1);
            Check("f1_" + suffix, ClassificationMetrics.F1(y, pred, average, w));
        }
    }
}
