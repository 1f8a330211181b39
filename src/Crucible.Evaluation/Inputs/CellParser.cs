using System.Globalization;
using Crucible.Tabular;

namespace Crucible.Evaluation.Inputs;

/// <summary>Parses raw cells into numbers and class indices; every error names the file, the line (or Parquet row group and row) and the column.</summary>
internal sealed class CellParser(RawColumns raw)
{
    public double[] Numbers(string column, string role)
    {
        var cells = raw.Get(column);
        var values = new double[cells.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var cell = cells[i] ?? throw Error(i, column, $"the {role} is missing (empty or a missing-value token such as NA or NaN)");
            if (!TabularCell.TryNumber(cell, out values[i]))
            {
                throw Error(i, column, $"the {role} '{cell}' is not a finite number");
            }
        }

        return values;
    }

    public double[] Probabilities(IReadOnlyList<string> columns, int width)
    {
        var n = raw.RowCount;
        var values = new double[n * width];
        var cells = columns.Select(raw.Get).ToArray();
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var c = 0; c < width; c++)
            {
                var cell = cells[c][i] ?? throw Error(i, columns[c], "the score is missing (empty or a missing-value token such as NA or NaN)");
                if (!TabularCell.TryNumber(cell, out var p))
                {
                    throw Error(i, columns[c], $"the score '{cell}' is not a number");
                }

                if (p < 0.0 || p > 1.0)
                {
                    throw Error(i, columns[c], $"the score {Format(p)} is not a probability in [0, 1]");
                }

                values[(i * width) + c] = p;
                sum += p;
            }

            if (width > 1 && Math.Abs(sum - 1.0) > PredictionTable.ProbabilitySumTolerance)
            {
                throw Error(i, string.Join(",", columns), $"the probabilities sum to {Format(sum)}, not 1");
            }
        }

        return values;
    }

    public int MaxInteger(string column)
    {
        var max = 0;
        foreach (var cell in raw.Get(column))
        {
            if (cell is not null && int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            {
                max = Math.Max(max, v);
            }
        }

        return max;
    }

    /// <summary>Class indices: by name when <paramref name="classes"/> is given, else integer labels in 0..K-1.</summary>
    public int[] Classes(string column, IReadOnlyList<string>? classes, int classCount)
    {
        var cells = raw.Get(column);
        var index = classes?.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var known = classes is null
            ? string.Create(CultureInfo.InvariantCulture, $"class indices 0..{classCount - 1}")
            : $"classes {string.Join(", ", classes.Take(classCount))}";
        var result = new int[cells.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var cell = cells[i] ?? throw Error(i, column, "the label is missing (empty or a missing-value token such as NA or NaN)");
            var found = index is null
                ? int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out result[i])
                : index.TryGetValue(cell, out result[i]);
            if (!found || result[i] < 0 || result[i] >= classCount)
            {
                throw Error(i, column, $"unknown label '{cell}'; expected {known}");
            }
        }

        return result;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private EvaluationInputException Error(int row, string column, string what)
    {
        var at = raw.Positions[row];
        return new EvaluationInputException($"{raw.Source}: {at}, column '{column}': {what}.", at.Line, column);
    }
}
