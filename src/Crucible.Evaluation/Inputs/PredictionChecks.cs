using System.Globalization;

namespace Crucible.Evaluation.Inputs;

/// <summary>Validation of prediction arrays; errors name the column and the (0-based) row.</summary>
internal static class PredictionChecks
{
    internal static void SameLength(int labels, int other, string column)
    {
        if (labels != other)
        {
            throw new EvaluationInputException(
                string.Create(CultureInfo.InvariantCulture, $"Length mismatch: label has {labels} rows but {column} has {other}."), null, column);
        }
    }

    internal static void CheckLabels(int[] labels, int classCount, string column)
    {
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= classCount)
            {
                throw new EvaluationInputException(
                    string.Create(CultureInfo.InvariantCulture, $"Unknown label {labels[i]} in column '{column}' at row {i}: expected a class index in 0..{classCount - 1}."),
                    null,
                    column);
            }
        }
    }

    internal static void CheckProbabilities(double[] values, int width)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]) || values[i] < 0.0 || values[i] > 1.0)
            {
                throw new EvaluationInputException(
                    string.Create(CultureInfo.InvariantCulture, $"Score at row {i / width} (class {i % width}) is {values[i]}: probabilities must be numbers in [0, 1]."),
                    null,
                    "scores");
            }
        }

        for (var row = 0; width > 1 && row < values.Length / width; row++)
        {
            var sum = values.AsSpan(row * width, width).ToArray().Sum();
            if (Math.Abs(sum - 1.0) > PredictionTable.ProbabilitySumTolerance)
            {
                throw new EvaluationInputException(
                    string.Create(CultureInfo.InvariantCulture, $"Probabilities at row {row} sum to {sum}, not 1."), null, "scores");
            }
        }
    }

    internal static void CheckFinite(double[] values, string column)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new EvaluationInputException(
                    string.Create(CultureInfo.InvariantCulture, $"Column '{column}' at row {i} is {values[i]}: a finite number is required."), null, column);
            }
        }
    }

    internal static double[]? CheckWeights(double[]? weights, int n)
    {
        if (weights is null)
        {
            return null;
        }

        SameLength(n, weights.Length, "weight");
        for (var i = 0; i < weights.Length; i++)
        {
            if (!double.IsFinite(weights[i]) || weights[i] < 0.0)
            {
                throw new EvaluationInputException(
                    string.Create(CultureInfo.InvariantCulture, $"Weight at row {i} is {weights[i]}: weights must be finite and non-negative."), null, "weight");
            }
        }

        return weights;
    }

    internal static Dictionary<string, string?[]> CheckAttributes(IReadOnlyDictionary<string, string?[]>? attributes, int n)
    {
        var copy = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var (name, values) in attributes ?? new Dictionary<string, string?[]>())
        {
            SameLength(n, values.Length, name);
            copy[name] = values;
        }

        return copy;
    }
}
