using Crucible.Evaluation.Harness;
using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Tests.Harness;

public sealed class SliceBuilderTests
{
    [Fact]
    public void A_numeric_column_gets_equal_width_bins_with_the_maximum_in_the_last()
    {
        var table = With("age", [.. Enumerable.Range(0, 11).Select(i => (string?)i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        var groups = SliceBuilder.Groups(table, "age", new EvaluationSpec());

        Assert.Equal(["[0, 2.5)", "[2.5, 5)", "[5, 7.5)", "[7.5, 10]"], groups.Select(g => g.Value));
        Assert.Equal([3, 2, 3, 3], groups.Select(g => g.Rows.Length));
        Assert.Equal([5, 6, 7], groups[2].Rows);
    }

    [Fact]
    public void Explicit_edges_put_a_value_on_an_edge_in_the_upper_bin_and_keep_empty_bins()
    {
        var table = With("score", ["1", "2", "2", "5", "9"]);
        var spec = new EvaluationSpec { SliceBins = new Dictionary<string, IReadOnlyList<double>> { ["score"] = [2.0, 5.0, 100.0] } };

        var groups = SliceBuilder.Groups(table, "score", spec);

        Assert.Equal([1, 2, 2, 0], groups.Select(g => g.Rows.Length));
        Assert.Equal("[5, 100)", groups[2].Value);
    }

    [Fact]
    public void Categories_are_sorted_ordinally_with_missing_cells_as_their_own_group()
    {
        var table = With("region", ["b", null, "a", "b", "B"]);

        var groups = SliceBuilder.Groups(table, "region", new EvaluationSpec());

        Assert.Equal(["(missing)", "B", "a", "b"], groups.Select(g => g.Value));
        Assert.Equal([0, 3], groups[3].Rows);
    }

    [Fact]
    public void A_numeric_column_with_few_values_is_categorical()
    {
        var groups = SliceBuilder.Groups(With("tier", ["1", "2", "1", "3", "2"]), "tier", new EvaluationSpec());
        Assert.Equal(["1", "2", "3"], groups.Select(g => g.Value));
    }

    [Fact]
    public void A_missing_slice_column_is_named()
    {
        var error = Assert.Throws<EvaluationInputException>(() => SliceBuilder.Groups(With("region", ["a", "b", "a", "b", "a"]), "country", new EvaluationSpec()));
        Assert.Equal("country", error.Column);
        Assert.Contains("available columns: region", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slice_below_the_minimum_size_is_reported_as_skipped_without_metrics()
    {
        var table = Tables.Binary(40, seed: 1);
        var result = Evaluator.Evaluate(table, new EvaluationSpec { Columns = new PredictionColumns(Scores: ["score"]), SliceBy = ["group"], MinSliceSize = 14 });

        Assert.Equal([false, true, true], result.Slices.Select(s => s.Skipped));
        Assert.Equal([14, 13, 13], result.Slices.Select(s => s.Count));
        Assert.Empty(result.Slices[1].Metrics);
    }

    private static PredictionTable With(string column, string?[] values) =>
        PredictionTable.Regression(
            [.. values.Select((_, i) => (double)i)], [.. values.Select((_, i) => (double)i)], attributes: new Dictionary<string, string?[]> { [column] = values });
}
