using Crucible.Evaluation.Gates;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Onnx.Model;
using Crucible.Onnx.Runtime;

namespace Crucible.Optimization.Accuracy;

/// <summary>
/// What a variant costs in accuracy against its parent on one dataset, through the evaluation harness: both models
/// predict every row, the variant is evaluated with the parent as champion (so every metric has a delta), and two
/// direct comparisons are added: <see cref="Agreement"/> (share of rows with the same predicted class; regression has
/// none) and <see cref="MaxAbsDifference"/> (largest difference between the two models' scores, or predictions for
/// regression). A gate reads the metrics and their deltas (<c>delta.roc_auc</c>), <c>agreement</c> and
/// <c>max_abs_diff</c>, e.g. <c>max_abs_diff &lt;= 0.01 and delta.accuracy &gt;= -0.005</c>.
/// </summary>
public sealed record AccuracyDelta
{
    public const string AgreementName = "agreement";
    public const string MaxAbsDifferenceName = "max_abs_diff";

    public required int RowCount { get; init; }

    public required IReadOnlyDictionary<string, double> ParentMetrics { get; init; }

    public required IReadOnlyDictionary<string, double> VariantMetrics { get; init; }

    /// <summary>Variant minus parent, per metric both have.</summary>
    public required IReadOnlyDictionary<string, double> Deltas { get; init; }

    public double? Agreement { get; init; }

    public required double MaxAbsDifference { get; init; }

    public GateResult? Gate { get; init; }

    /// <summary>Runs both models over <paramref name="dataset"/> and compares them; <paramref name="gate"/> (optional) is evaluated on the result.</summary>
    public static AccuracyDelta Measure(byte[] parent, byte[] variant, Dataset dataset, EvaluationSpec spec, string? gate, ModelRunSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var expression = gate is null ? null : GateExpression.Parse(gate);
        settings ??= new ModelRunSettings();
        var parentTable = Predict(parent, dataset, spec, settings);
        var variantTable = Predict(variant, dataset, spec, settings);
        var result = Evaluator.Evaluate(variantTable, spec with { Gate = null }, parentTable);
        var deltas = (result.Comparison?.Deltas ?? new Dictionary<string, MetricDelta>()).ToDictionary(d => d.Key, d => d.Value.Delta, StringComparer.Ordinal);
        double? agreement = spec.Task == EvaluationTask.Regression
            ? null
            : parentTable.Predicted.Zip(variantTable.Predicted).Count(p => p.First == p.Second) / (double)Math.Max(1, parentTable.RowCount);
        var (a, b) = spec.Task == EvaluationTask.Regression ? (parentTable.PredictedValues, variantTable.PredictedValues) : (parentTable.Scores, variantTable.Scores);
        var maxDifference = a.Zip(b, (x, y) => Math.Abs(x - y)).DefaultIfEmpty(0).Max();
        var delta = new AccuracyDelta
        {
            RowCount = parentTable.RowCount,
            ParentMetrics = result.Comparison?.ChampionMetrics ?? new Dictionary<string, double>(),
            VariantMetrics = result.Metrics,
            Deltas = deltas,
            Agreement = agreement,
            MaxAbsDifference = maxDifference,
        };
        return expression is null ? delta : delta with { Gate = expression.Evaluate(delta.GateScope(result)) };
    }

    private Dictionary<string, double> GateScope(EvaluationResult result)
    {
        var scope = new Dictionary<string, double>(Evaluator.GateScope(result), StringComparer.Ordinal)
        {
            [MaxAbsDifferenceName] = MaxAbsDifference,
        };
        if (Agreement is { } agreement)
        {
            scope[AgreementName] = agreement;
        }

        return scope;
    }

    private static PredictionTable Predict(byte[] model, Dataset dataset, EvaluationSpec spec, ModelRunSettings settings)
    {
        using var session = new OnnxSession(OnnxModelRewriter.ReplaceZipMapWithTensor(model, out _));
        return ModelRunner.Predict(session, dataset, spec, settings);
    }
}
