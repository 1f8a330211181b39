using System.Globalization;
using Crucible.Evaluation.Inputs;

namespace Crucible.Evaluation.Harness;

/// <summary>A named group of rows: one category of a column, or one bin of a numeric column.</summary>
internal sealed record RowGroup(string Column, string Value, int[] Rows);

/// <summary>
/// Splits rows by a column. A column is binned when it has explicit edges in the spec, or when every value is a number
/// and it has more distinct values than the bin count; otherwise each distinct value (ordinal order) is a group and a
/// missing cell is the group "(missing)". Bins are [lo, hi): a value on an edge belongs to the upper bin, and the
/// equal-width bins span [min, max] with max in the last bin. Empty bins are kept so they can be reported.
/// </summary>
internal static class SliceBuilder
{
    public const string Missing = "(missing)";

    public static IReadOnlyList<RowGroup> Groups(PredictionTable table, string column, EvaluationSpec spec, bool allowBins = true)
    {
        if (!table.Attributes.TryGetValue(column, out var cells))
        {
            throw new EvaluationInputException(
                $"Slice column '{column}' is missing; available columns: {string.Join(", ", table.Attributes.Keys)}.", null, column);
        }

        var numbers = new double[cells.Length];
        var numeric = cells.Length > 0 && Array.TrueForAll(cells, c => c is not null);
        for (var i = 0; numeric && i < cells.Length; i++)
        {
            numeric = double.TryParse(cells[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) && double.IsFinite(numbers[i]);
        }

        var hasEdges = spec.SliceBins.TryGetValue(column, out var edges);
        if (allowBins && numeric && (hasEdges || numbers.Distinct().Count() > spec.NumericBinCount))
        {
            return Bins(column, numbers, hasEdges ? [.. edges!] : null, spec.NumericBinCount);
        }

        if (hasEdges)
        {
            throw new EvaluationInputException($"Slice column '{column}' has bin edges but holds values that are not numbers.", null, column);
        }

        return [.. Enumerable.Range(0, cells.Length)
            .GroupBy(i => cells[i] ?? Missing, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RowGroup(column, g.Key, [.. g]))];
    }

    private static List<RowGroup> Bins(string column, double[] values, double[]? edges, int binCount)
    {
        var closedTop = edges is null;
        if (edges is null)
        {
            var min = values.Min();
            var max = values.Max();
            edges = [.. Enumerable.Range(1, binCount - 1).Select(k => min + ((max - min) * k / binCount))];
            edges = [min, .. edges, max];
        }
        else
        {
            edges = [double.NegativeInfinity, .. edges, double.PositiveInfinity];
        }

        var inner = edges.Length - 2;
        var members = Enumerable.Range(0, inner + 1).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var bin = 0;
            while (bin < inner && values[i] >= edges[bin + 1])
            {
                bin++;
            }

            members[bin].Add(i);
        }

        var groups = new List<RowGroup>(members.Length);
        for (var b = 0; b < members.Length; b++)
        {
            var top = closedTop && b == members.Length - 1 ? "]" : ")";
            var label = string.Create(CultureInfo.InvariantCulture, $"[{edges[b]:G6}, {edges[b + 1]:G6}{top}");
            groups.Add(new RowGroup(column, label, [.. members[b]]));
        }

        return groups;
    }
}
