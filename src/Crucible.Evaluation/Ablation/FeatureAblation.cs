using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Runtime;
using Crucible.Stats.Metrics;

namespace Crucible.Evaluation.Ablation;

/// <summary>
/// Permutation importance (each feature column shuffled <c>Repeats</c> times with one seeded <c>new Random(seed)</c>,
/// features in order) and drop-column comparison (the column replaced by its mode when it holds at most 10 distinct
/// integers, else by its mean), both through a model run by <see cref="OnnxSession"/>. Importance is the loss of the
/// metric: baseline minus ablated for scores, ablated minus baseline for errors and losses.
/// </summary>
public static class FeatureAblation
{
    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.Ordinal)
    {
        MetricNames.LogLoss, MetricNames.BrierScore, MetricNames.MeanAbsoluteError, MetricNames.MeanSquaredError,
        MetricNames.RootMeanSquaredError, MetricNames.MeanAbsolutePercentageError, MetricNames.MedianAbsoluteError, MetricNames.MaxError,
    };

    public static AblationResult Run(
        OnnxSession session, Dataset dataset, EvaluationSpec spec, AblationSettings settings, ModelRunSettings? run = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Repeats, 1);
        run ??= new ModelRunSettings();
        var metric = settings.Metric ?? spec.Task switch
        {
            EvaluationTask.Binary => MetricNames.RocAuc,
            EvaluationTask.Multiclass => MetricNames.Accuracy,
            _ => MetricNames.R2,
        };
        var baselineTable = ModelRunner.Predict(session, dataset, spec, run);
        var baseline = Value(baselineTable, metric, null);
        var sign = LowerIsBetter.Contains(metric) ? -1.0 : 1.0;
        var width = dataset.FeatureNames.Count;
        var random = new Random(settings.Seed);
        var permutation = new List<FeatureImportance>(width);
        var dropColumn = new List<FeatureImportance>(width);
        var all = Enumerable.Range(0, dataset.RowCount).ToArray();
        for (var f = 0; f < width; f++)
        {
            var losses = new List<double>(settings.Repeats);
            for (var r = 0; r < settings.Repeats; r++)
            {
                var shuffled = Shuffle(dataset.Features, width, f, random);
                losses.Add(sign * (baseline - Value(ModelRunner.Predict(session, dataset.WithFeatures(shuffled), spec, run), metric, null)));
            }

            losses.Sort();
            var alpha = (1.0 - spec.Bootstrap.ConfidenceLevel) / 2.0;
            permutation.Add(new FeatureImportance
            {
                Feature = dataset.FeatureNames[f], Importance = losses.Average(), StandardDeviation = Std(losses),
                Interval = new ConfidenceInterval(BootstrapEstimator.Quantile(losses, alpha), BootstrapEstimator.Quantile(losses, 1 - alpha), losses.Count),
            });

            var (replacement, mode) = Replacement(dataset.Features, width, f);
            var dropped = (float[])dataset.Features.Clone();
            for (var i = 0; i < dataset.RowCount; i++)
            {
                dropped[(i * width) + f] = (float)replacement;
            }

            var ablated = ModelRunner.Predict(session, dataset.WithFeatures(dropped), spec, run);
            var intervals = BootstrapEstimator.Intervals(
                all, spec.Bootstrap, rows => new Dictionary<string, double> { [metric] = sign * (Value(baselineTable, metric, rows) - Value(ablated, metric, rows)) });
            dropColumn.Add(new FeatureImportance
            {
                Feature = dataset.FeatureNames[f], Importance = sign * (baseline - Value(ablated, metric, null)),
                Interval = intervals.GetValueOrDefault(metric), Replacement = replacement, ReplacedByMode = mode,
            });
        }

        return new AblationResult { Metric = metric, Baseline = baseline, Permutation = permutation, DropColumn = dropColumn };
    }

    private static double Value(PredictionTable table, string metric, int[]? rows) =>
        MetricCalculator.Compute(table, rows).TryGetValue(metric, out var value) ? value : double.NaN;

    /// <summary>Fisher-Yates shuffle of one column of a copy of the matrix.</summary>
    private static float[] Shuffle(float[] features, int width, int column, Random random)
    {
        var copy = (float[])features.Clone();
        var rows = features.Length / width;
        for (var i = rows - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (copy[(i * width) + column], copy[(j * width) + column]) = (copy[(j * width) + column], copy[(i * width) + column]);
        }

        return copy;
    }

    private static (double Value, bool Mode) Replacement(float[] features, int width, int column)
    {
        var values = Enumerable.Range(0, features.Length / width).Select(i => (double)features[(i * width) + column]).ToList();
        var distinct = values.Distinct().ToList();
        if (distinct.Count <= 10 && distinct.TrueForAll(v => v == Math.Floor(v)))
        {
            var mode = values.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
            return (mode, true);
        }

        return (values.Average(), false);
    }

    private static double Std(List<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
