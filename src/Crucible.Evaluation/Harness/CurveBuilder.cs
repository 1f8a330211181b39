using Crucible.Evaluation.Inputs;
using Crucible.Stats.Metrics;

namespace Crucible.Evaluation.Harness;

/// <summary>Builds the report's curves; long curves are thinned to at most <see cref="MaxPoints"/> points.</summary>
internal static class CurveBuilder
{
    public const int MaxPoints = 1000;

    public static EvaluationCurves? Build(PredictionTable table)
    {
        if (table.RowCount == 0)
        {
            return null;
        }

        if (table.Task == EvaluationTask.Regression)
        {
            return Regression(table.Targets, table.PredictedValues);
        }

        var labels = MetricCalculator.Gather(table.Labels, null);
        var confusion = ConfusionMatrix.Compute(labels, MetricCalculator.Gather(table.Predicted, null), table.ClassCount, table.Weights is null ? [] : MetricCalculator.Gather(table.Weights, null));
        var curves = new EvaluationCurves { ClassNames = table.ClassNames, ConfusionMatrix = confusion.ToRows() };
        var bothClasses = Array.Exists(labels, y => y != labels[0]);
        if (table.Task != EvaluationTask.Binary || !table.HasScores || !bothClasses)
        {
            return curves;
        }

        var scores = MetricCalculator.Gather(table.Scores, null);
        var weights = table.Weights is null ? [] : MetricCalculator.Gather(table.Weights, null);
        var roc = RankingMetrics.RocCurve(labels, scores, weights);
        var pr = RankingMetrics.PrecisionRecallCurve(labels, scores, weights);
        var calibration = ProbabilityMetrics.CalibrationCurve(labels, scores, 10);
        return curves with
        {
            RocFpr = Thin(roc.FalsePositiveRate), RocTpr = Thin(roc.TruePositiveRate),
            PrPrecision = Thin(pr.Precision), PrRecall = Thin(pr.Recall),
            CalibrationMeanPredicted = calibration.MeanPredictedProbability, CalibrationFractionPositive = calibration.FractionOfPositives,
            ExpectedCalibrationError = ProbabilityMetrics.ExpectedCalibrationError(labels, scores, 10),
        };
    }

    /// <summary>Predicted-vs-actual pairs (every k-th row, at most <see cref="MaxPoints"/>) and a 20-bin residual histogram.</summary>
    internal static EvaluationCurves Regression(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        const int Bins = 20;
        var step = (int)Math.Ceiling(actual.Count / (double)MaxPoints);
        var kept = Enumerable.Range(0, actual.Count).Where(i => i % step == 0).ToArray();
        var residuals = Enumerable.Range(0, actual.Count).Select(i => predicted[i] - actual[i]).ToArray();
        var (low, high) = (residuals.Min(), residuals.Max());
        if (high <= low)
        {
            (low, high) = (low - 0.5, high + 0.5);
        }

        var edges = Enumerable.Range(0, Bins + 1).Select(b => low + ((high - low) * b / Bins)).ToArray();
        var counts = new long[Bins];
        foreach (var r in residuals)
        {
            counts[Math.Min(Bins - 1, (int)((r - low) / (high - low) * Bins))]++;
        }

        return new EvaluationCurves
        {
            ActualValues = [.. kept.Select(i => actual[i])],
            PredictedValues = [.. kept.Select(i => predicted[i])],
            ResidualCounts = counts,
            ResidualEdges = edges,
        };
    }

    /// <summary>Keeps every k-th point and the last one, so both ends of the curve survive.</summary>
    internal static double[] Thin(IReadOnlyList<double> values)
    {
        if (values.Count <= MaxPoints)
        {
            return [.. values];
        }

        var step = (int)Math.Ceiling(values.Count / (double)MaxPoints);
        var kept = new List<double>(MaxPoints + 1);
        for (var i = 0; i < values.Count; i += step)
        {
            kept.Add(values[i]);
        }

        if ((values.Count - 1) % step != 0)
        {
            kept.Add(values[^1]);
        }

        return [.. kept];
    }
}
