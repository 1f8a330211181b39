using System.Globalization;
using System.Text;
using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.Optimization.Accuracy;

namespace Crucible.Optimization.Tests;

public sealed class AccuracyDeltaTests
{
    private static readonly EvaluationSpec s_spec = new() { Task = EvaluationTask.Multiclass, Columns = new PredictionColumns("label") };

    [Fact]
    public void Int8_variant_of_the_mlp_reports_metric_deltas_agreement_and_output_difference()
    {
        var parent = Models.Fixture("mlp");
        var variant = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Int8Dynamic)).Bytes;

        var delta = AccuracyDelta.Measure(parent, variant, LabelledByParent(parent, 300), s_spec, "agreement >= 0.9 and max_abs_diff <= 0.1");

        Assert.Equal(300, delta.RowCount);
        Assert.Equal(1.0, delta.ParentMetrics["accuracy"]);
        Assert.Equal(delta.VariantMetrics["accuracy"] - 1.0, delta.Deltas["accuracy"], 12);
        Assert.InRange(delta.Agreement!.Value, 0.9, 1.0);
        Assert.Equal(delta.Agreement.Value, delta.VariantMetrics["accuracy"], 12);
        Assert.InRange(delta.MaxAbsDifference, 1e-6, 0.1);
        Assert.True(delta.Gate!.Passed);
    }

    [Fact]
    public void A_gate_on_the_largest_output_difference_fails_when_outputs_move()
    {
        var parent = Models.Fixture("mlp");
        var variant = ModelOptimizer.Optimize(parent, new OptimizationRequest(OptimizationTransform.Int8Dynamic)).Bytes;

        var delta = AccuracyDelta.Measure(parent, variant, LabelledByParent(parent, 100), s_spec, "max_abs_diff <= 0.000001");

        Assert.False(delta.Gate!.Passed);
        Assert.Equal("max_abs_diff", delta.Gate.Evidence[0].Comparison.Split(' ')[0]);
    }

    /// <summary>Random rows labelled with the parent's own predicted class, so the parent's accuracy is 1.</summary>
    private static Dataset LabelledByParent(byte[] parent, int rows)
    {
        var features = Models.Normal(rows * 32, 77);
        var probabilities = Models.Run(parent, features, rows, 32);
        var csv = new StringBuilder(string.Join(',', Enumerable.Range(0, 32).Select(i => "f" + i)) + ",label\n");
        for (var r = 0; r < rows; r++)
        {
            var p = probabilities.AsSpan(r * 3, 3);
            var label = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
            csv.Append(string.Join(',', features.Skip(r * 32).Take(32).Select(v => v.ToString("R", CultureInfo.InvariantCulture))))
                .Append(',').Append(label).Append('\n');
        }

        using var reader = new StringReader(csv.ToString());
        return Dataset.ReadCsv(reader, "rows.csv", "label");
    }
}
