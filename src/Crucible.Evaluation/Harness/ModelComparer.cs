using System.Globalization;
using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Harness;

/// <summary>Paired comparison of two models' predictions on the same rows.</summary>
internal static class ModelComparer
{
    public static ComparisonResult Compare(PredictionTable challenger, PredictionTable champion, EvaluationSpec spec)
    {
        CheckSameRows(challenger, champion);
        var challengerMetrics = MetricCalculator.Compute(challenger);
        var championMetrics = MetricCalculator.Compute(champion);
        var intervals = BootstrapEstimator.Intervals(
            [.. Enumerable.Range(0, challenger.RowCount)],
            spec.Bootstrap,
            rows => Differences(MetricCalculator.Compute(challenger, rows), MetricCalculator.Compute(champion, rows)));
        var deltas = new Dictionary<string, MetricDelta>(StringComparer.Ordinal);
        foreach (var (name, value) in Differences(challengerMetrics, championMetrics))
        {
            deltas[name] = new MetricDelta(challengerMetrics[name], championMetrics[name], value, intervals.GetValueOrDefault(name));
        }

        var championFairness = spec.SensitiveColumn is null
            ? new Dictionary<string, double>()
            : FairnessCalculator.Compute(champion, spec with { Bootstrap = new BootstrapSettings() }, spec.SensitiveColumn).Metrics;
        return new ComparisonResult { ChampionMetrics = championMetrics, ChampionFairness = championFairness, Deltas = deltas };
    }

    private static Dictionary<string, double> Differences(Dictionary<string, double> challenger, Dictionary<string, double> champion)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in challenger)
        {
            if (champion.TryGetValue(name, out var other))
            {
                result[name] = value - other;
            }
        }

        return result;
    }

    private static void CheckSameRows(PredictionTable challenger, PredictionTable champion)
    {
        if (challenger.Task != champion.Task)
        {
            throw new EvaluationInputException($"The champion is a {champion.Task} model but the challenger is {challenger.Task}.");
        }

        if (challenger.RowCount != champion.RowCount)
        {
            throw new EvaluationInputException(
                string.Create(CultureInfo.InvariantCulture, $"Length mismatch: the challenger has {challenger.RowCount} rows but the champion has {champion.RowCount}; a paired comparison needs the same rows."),
                null,
                "label");
        }

        for (var i = 0; i < challenger.RowCount; i++)
        {
            var same = challenger.Task == EvaluationTask.Regression
                ? challenger.Targets[i].Equals(champion.Targets[i])
                : challenger.Labels[i] == champion.Labels[i];
            if (!same)
            {
                throw new EvaluationInputException(
                    string.Create(CultureInfo.InvariantCulture, $"Row {i}: the champion's label differs from the challenger's; a paired comparison needs the same rows in the same order."),
                    null,
                    "label");
            }
        }
    }
}
