using System.Text.Json;
using Crucible.Monitoring.Performance;
using Crucible.Stats.Metrics;

namespace Crucible.Monitoring.Tests.Performance;

/// <summary>Isotonic regression against scikit-learn and CBPE's estimates against NannyML's formulas (golden/make_golden.py).</summary>
public sealed class PerformanceGoldenTests
{
    private static readonly JsonElement Golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Performance", "golden", "golden.json"))).RootElement;

    private static double[] Array(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    [Fact]
    public void Isotonic_regression_predicts_what_sklearn_predicts_with_ties_and_outside_the_fitted_range()
    {
        var cases = 0;
        foreach (var c in Golden.GetProperty("isotonic").EnumerateArray())
        {
            var model = IsotonicRegression.Fit(Array(c, "x"), Array(c, "y"));
            var query = Array(c, "query");
            var expected = Array(c, "predicted");
            for (var i = 0; i < query.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - model.Predict(query[i])) < 1e-12, $"case {cases} point {query[i]}: sklearn {expected[i]}, ours {model.Predict(query[i])}");
            }

            Assert.True(model.Values.Zip(model.Values.Skip(1)).All(p => p.First <= p.Second), "fitted values must not decrease");
            cases++;
        }

        Assert.Equal(3, cases);
    }

    [Fact]
    public void Cbpe_estimates_match_nannyml_formulas_including_tied_probabilities()
    {
        foreach (var c in Golden.GetProperty("cbpe").EnumerateArray())
        {
            var estimated = PerformanceMetrics.Estimated(Array(c, "probabilities"), Array(c, "scores"), 0.5);
            foreach (var metric in new[] { MetricNames.Accuracy, MetricNames.Precision, MetricNames.Recall, MetricNames.F1, MetricNames.RocAuc })
            {
                Assert.Equal(c.GetProperty(metric).GetDouble(), estimated[metric], 1e-12);
            }

            Assert.Equal(c.GetProperty("roc_auc_nannyml_form").GetDouble(), estimated[MetricNames.RocAuc], 1e-5);
        }
    }
}
