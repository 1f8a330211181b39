using Crucible.Evaluation.Gates;
using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Harness;

/// <summary>
/// The evaluation entry point: overall metrics, slices, fairness, bootstrap intervals, an optional paired comparison
/// with a champion and an optional gate, all driven by an <see cref="EvaluationSpec"/>.
/// </summary>
public static class Evaluator
{
    /// <summary>Reads the predictions file(s) named by the spec's columns and evaluates them.</summary>
    public static EvaluationResult EvaluateFile(string predictionsPath, EvaluationSpec spec, string? championPath = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var table = PredictionTable.PredictionFile(predictionsPath, spec.Task, spec.Columns);
        var champion = championPath is null ? null : PredictionTable.PredictionFile(championPath, spec.Task, spec.Columns);
        return Evaluate(table, spec, champion);
    }

    /// <summary>Evaluates predictions; with a champion, adds the paired comparison (deltas with intervals).</summary>
    /// <exception cref="EvaluationInputException">A slice or sensitive column is missing, or the champion's rows differ.</exception>
    /// <exception cref="GateSyntaxException">The gate is malformed or names an unknown metric.</exception>
    public static EvaluationResult Evaluate(PredictionTable table, EvaluationSpec spec, PredictionTable? champion = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(spec);
        if (table.Task != spec.Task)
        {
            throw new EvaluationInputException($"The predictions are for a {table.Task} task but the spec says {spec.Task}.");
        }

        var gate = spec.Gate is null ? null : GateExpression.Parse(spec.Gate);
        var all = Enumerable.Range(0, table.RowCount).ToArray();
        var slices = new List<SliceResult>();
        foreach (var column in spec.SliceBy)
        {
            foreach (var group in SliceBuilder.Groups(table, column, spec))
            {
                var skipped = group.Rows.Length < spec.MinSliceSize || group.Rows.Length == 0;
                slices.Add(new SliceResult
                {
                    Column = group.Column, Value = group.Value, Count = group.Rows.Length, Skipped = skipped,
                    Metrics = skipped ? new Dictionary<string, double>() : MetricCalculator.Compute(table, group.Rows),
                    Intervals = skipped ? new Dictionary<string, ConfidenceInterval>() : Intervals(table, group.Rows, spec),
                });
            }
        }

        var result = new EvaluationResult
        {
            Task = table.Task,
            RowCount = table.RowCount,
            Metrics = MetricCalculator.Compute(table),
            Intervals = Intervals(table, all, spec),
            Slices = slices,
            Fairness = spec.SensitiveColumn is null ? null : FairnessCalculator.Compute(table, spec, spec.SensitiveColumn),
            Curves = CurveBuilder.Build(table),
            Comparison = champion is null ? null : ModelComparer.Compare(table, champion, spec),
            Bootstrap = spec.Bootstrap.Resamples > 0 ? spec.Bootstrap : null,
        };
        return gate is null ? result : result with { Gate = gate.Evaluate(GateScope(result)) };
    }

    /// <summary>
    /// The names a gate can use: each metric, <c>champion.&lt;metric&gt;</c> and <c>delta.&lt;metric&gt;</c> when there is a
    /// champion, the fairness names and their short aliases (dp_ratio, eo_difference, ...), and the same fairness names
    /// under <c>champion.</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, double> GateScope(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scope = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal);
        AddFairness(scope, string.Empty, result.Fairness?.Metrics);
        if (result.Comparison is { } comparison)
        {
            foreach (var (name, value) in comparison.ChampionMetrics)
            {
                scope["champion." + name] = value;
            }

            foreach (var (name, delta) in comparison.Deltas)
            {
                scope["delta." + name] = delta.Delta;
            }

            AddFairness(scope, "champion.", comparison.ChampionFairness);
        }

        return scope;
    }

    private static void AddFairness(Dictionary<string, double> scope, string prefix, IReadOnlyDictionary<string, double>? fairness)
    {
        if (fairness is null)
        {
            return;
        }

        foreach (var (name, value) in fairness)
        {
            scope[prefix + name] = value;
        }

        foreach (var (alias, name) in FairnessNames.Aliases)
        {
            if (fairness.TryGetValue(name, out var value))
            {
                scope[prefix + alias] = value;
            }
        }
    }

    private static Dictionary<string, ConfidenceInterval> Intervals(PredictionTable table, int[] rows, EvaluationSpec spec) =>
        BootstrapEstimator.Intervals(rows, spec.Bootstrap, resample => MetricCalculator.Compute(table, resample));
}
