using Crucible.Monitoring.Performance;
using Crucible.Stats.Metrics;

namespace Crucible.Monitoring.Tests.Performance;

/// <summary>CBPE on synthetic data with a known P(y = 1 | x): seeded, so every run sees the same draws.</summary>
public sealed class CbpeTests
{
    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Rows with x ~ N(0, spread), y ~ Bernoulli(sigmoid(2x)) and the model's score <paramref name="score"/>(sigmoid(2x)).</summary>
    private static List<PerformanceRow> Rows(Random rng, int n, long start, double spread, Func<double, double> score, bool labelled = true)
    {
        var rows = new List<PerformanceRow>(n);
        for (var i = 0; i < n; i++)
        {
            var p = Sigmoid(2 * spread * Normal(rng));
            var y = rng.NextDouble() < p ? 1 : 0;
            rows.Add(new PerformanceRow(start + i, "r" + start + "-" + i, score(p), labelled ? y : null));
        }

        return rows;
    }

    [Fact]
    public void Estimates_of_calibrated_scores_fall_within_three_sampling_errors_of_the_realized_metrics()
    {
        var rng = new Random(11);
        var model = PerformanceModel.Fit(Rows(rng, 5_000, 0, 1, p => p), false);
        Assert.Equal(PerformanceTask.BinaryClassification, model.Task);
        Assert.True(model.CanEstimate);
        Assert.Equal(5, model.Bands.Count);

        // The sampling error comes from the spread of 10 reference chunks, itself an estimate (±25%), so over 25
        // comparisons one may land a little past 3 of them; none may land past 4.
        var beyondThree = new List<string>();
        for (var w = 0; w < 5; w++)
        {
            var window = model.Evaluate(0, 1, Rows(rng, 1_000, 10_000 * (w + 1), 1, p => p));
            Assert.Equal((1_000L, 1_000L), (window.Rows, window.LabelledRows));
            foreach (var estimate in window.Estimated)
            {
                var realized = window.Realized.Single(r => r.Metric == estimate.Metric);
                var gap = $"window {w} {estimate.Metric}: estimated {estimate.Value}, realized {realized.Value}, sampling error {estimate.SamplingError}";
                Assert.True(estimate.SamplingError is > 0 and < 0.05, gap);
                Assert.True(Math.Abs(estimate.Value - realized.Value) <= 4 * estimate.SamplingError, gap);
                if (Math.Abs(estimate.Value - realized.Value) > 3 * estimate.SamplingError)
                {
                    beyondThree.Add(gap);
                }

                Assert.False(estimate.Alerting, $"{gap} alerts outside [{estimate.LowerThreshold}, {estimate.UpperThreshold}]");
            }
        }

        Assert.True(beyondThree.Count <= 1, string.Join("\n", beyondThree));
    }

    [Fact]
    public void Miscalibrated_scores_are_calibrated_on_the_reference_and_still_estimate_well()
    {
        var rng = new Random(5);
        static double Squash(double p) => 0.5 + ((p - 0.5) * 0.4); // under-confident: every score pulled toward 0.5
        var model = PerformanceModel.Fit(Rows(rng, 5_000, 0, 1, Squash), false);
        Assert.True(model.Calibrated);
        Assert.InRange(model.Probability(Squash(0.9)), 0.8, 0.97);

        var window = model.Evaluate(0, 1, Rows(rng, 2_000, 100_000, 1, Squash));
        foreach (var estimate in window.Estimated)
        {
            var realized = window.Realized.Single(r => r.Metric == estimate.Metric).Value;
            Assert.True(Math.Abs(estimate.Value - realized) <= 3 * estimate.SamplingError, $"{estimate.Metric}: estimated {estimate.Value}, realized {realized} ± {estimate.SamplingError}");
        }

        // Without calibration the raw scores would say accuracy ≈ mean(max(s, 1 - s)), far below the real one.
        double[] scores = [.. Rows(new Random(6), 2_000, 0, 1, Squash).Select(r => r.Score)];
        var raw = PerformanceMetrics.Estimated(scores, scores, 0.5);
        Assert.True(raw[MetricNames.Accuracy] < window.Realized.Single(r => r.Metric == MetricNames.Accuracy).Value - 0.1);
    }

    [Fact]
    public void A_covariate_shift_into_the_low_confidence_region_drops_the_estimate_without_labels_and_alerts()
    {
        var rng = new Random(3);
        var model = PerformanceModel.Fit(Rows(rng, 5_000, 0, 1, p => p), false);
        var steady = model.Evaluate(0, 1, Rows(rng, 1_000, 10_000, 1, p => p, labelled: false));
        var shiftedRows = Rows(rng, 1_000, 20_000, 0.15, p => p);
        var shifted = model.Evaluate(0, 1, [.. shiftedRows.Select(r => r with { Label = null })]);

        Assert.Empty(steady.Realized);
        Assert.Equal(0, shifted.LabelledRows);
        var before = steady.Estimated.Single(e => e.Metric == MetricNames.Accuracy);
        var after = shifted.Estimated.Single(e => e.Metric == MetricNames.Accuracy);
        Assert.False(before.Alerting);
        Assert.True(after.Value < before.Value - 0.15, $"estimated accuracy {before.Value} -> {after.Value}");
        Assert.True(after.Alerting, $"{after.Value} should be below {after.LowerThreshold}");
        Assert.True(shifted.Estimated.Single(e => e.Metric == MetricNames.RocAuc).Value < before.Value);

        // When the labels arrive, the realized accuracy agrees with the estimate.
        var realized = model.Evaluate(0, 1, shiftedRows).Realized.Single(r => r.Metric == MetricNames.Accuracy);
        Assert.True(Math.Abs(realized.Value - after.Value) <= 3 * after.SamplingError, $"realized {realized.Value}, estimated {after.Value} ± {after.SamplingError}");
        Assert.True(realized.Alerting);
    }

    [Fact]
    public void Numeric_labels_make_a_regression_with_realized_metrics_only()
    {
        var rng = new Random(9);
        List<PerformanceRow> Regression(int n, long start) =>
            [.. Enumerable.Range(0, n).Select(i => { var y = 10 * Normal(rng); return new PerformanceRow(start + i, "r" + i, y + Normal(rng), y); })];
        var model = PerformanceModel.Fit(Regression(1_000, 0), false);
        Assert.Equal(PerformanceTask.Regression, model.Task);
        Assert.False(model.CanEstimate);

        var rows = Regression(300, 5_000);
        var window = model.Evaluate(0, 1, rows);
        Assert.Empty(window.Estimated);
        Assert.Equal([MetricNames.MeanAbsoluteError, MetricNames.RootMeanSquaredError, MetricNames.R2], window.Realized.Select(r => r.Metric));
        double[] yTrue = [.. rows.Select(r => r.Label!.Value)];
        double[] yPred = [.. rows.Select(r => r.Score)];
        Assert.Equal(RegressionMetrics.MeanAbsoluteError(yTrue, yPred), window.Realized[0].Value, 12);
        Assert.Equal(RegressionMetrics.R2(yTrue, yPred), window.Realized[2].Value, 12);
        Assert.InRange(window.Realized[0].Value, 0.6, 1.0); // E|N(0, 1)| ≈ 0.8
        Assert.NotNull(window.Realized[0].LowerThreshold);
    }

    [Fact]
    public void A_reference_of_one_class_gives_realized_metrics_but_no_estimates_and_single_class_roc_auc_is_nan()
    {
        var rows = Enumerable.Range(0, 50).Select(i => new PerformanceRow(i, "r" + i, 0.9, 1)).ToList();
        var model = PerformanceModel.Fit(rows, true);
        Assert.False(model.CanEstimate);
        var window = model.Evaluate(0, 1, rows);
        Assert.Empty(window.Estimated);
        Assert.True(double.IsNaN(window.Realized.Single(r => r.Metric == MetricNames.RocAuc).Value));
        Assert.Equal(1.0, window.Realized.Single(r => r.Metric == MetricNames.Accuracy).Value);
        Assert.False(window.Realized.Single(r => r.Metric == MetricNames.RocAuc).Alerting);
    }
}
