using System.Globalization;

namespace Crucible.Evaluation.Inputs;

/// <summary>
/// Validated predictions, column-oriented: labels (class indices) or targets, hard predictions, scores (row-major n-by-K
/// for multiclass, one column for binary), optional weights, and string attribute columns for slicing and fairness.
/// Build it from arrays with <see cref="Binary"/>, <see cref="Multiclass"/> or <see cref="Regression"/>, or from a file
/// with <see cref="PredictionFile"/>.
/// </summary>
public sealed class PredictionTable
{
    /// <summary>Tolerance on a multiclass probability row's sum.</summary>
    public const double ProbabilitySumTolerance = 1e-6;

    private PredictionTable(EvaluationTask task, int rowCount)
    {
        Task = task;
        RowCount = rowCount;
    }

    public EvaluationTask Task { get; }

    public int RowCount { get; }

    /// <summary>Class indices 0..K-1 (classification; empty for regression).</summary>
    public IReadOnlyList<int> Labels { get; private init; } = [];

    /// <summary>Hard predicted class indices (classification).</summary>
    public IReadOnlyList<int> Predicted { get; private init; } = [];

    /// <summary>True targets (regression).</summary>
    public IReadOnlyList<double> Targets { get; private init; } = [];

    /// <summary>Predicted values (regression).</summary>
    public IReadOnlyList<double> PredictedValues { get; private init; } = [];

    /// <summary>Probabilities: n values for binary (class 1), n*K row-major for multiclass; empty when absent.</summary>
    public IReadOnlyList<double> Scores { get; private init; } = [];

    public bool HasScores => Scores.Count > 0;

    /// <summary>K (2 for binary, 0 for regression).</summary>
    public int ClassCount { get; private init; }

    /// <summary>Class names by index (as read, or "0".."K-1").</summary>
    public IReadOnlyList<string> ClassNames { get; private init; } = [];

    /// <summary>Sample weights, or null.</summary>
    public IReadOnlyList<double>? Weights { get; private init; }

    /// <summary>String columns usable for slicing and fairness (a null cell is missing).</summary>
    public IReadOnlyDictionary<string, string?[]> Attributes { get; private init; } = new Dictionary<string, string?[]>();

    /// <summary>Reads and validates a CSV or JSONL predictions file (JSONL when the name ends in .jsonl or .ndjson).</summary>
    public static PredictionTable PredictionFile(string path, EvaluationTask task, PredictionColumns columns) =>
        PredictionFileReader.Read(path, task, columns);

    /// <summary>Binary predictions; hard predictions default to probability &gt; 0.5.</summary>
    public static PredictionTable Binary(
        int[] labels, double[] positiveProbabilities, double[]? weights = null, IReadOnlyDictionary<string, string?[]>? attributes = null, int[]? predicted = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(positiveProbabilities);
        var n = labels.Length;
        if (positiveProbabilities.Length != 0)
        {
            SameLength(n, positiveProbabilities.Length, "scores");
        }

        CheckLabels(labels, 2, "label");
        CheckProbabilities(positiveProbabilities, 1);
        predicted ??= positiveProbabilities.Length != 0
            ? positiveProbabilities.Select(p => p > 0.5 ? 1 : 0).ToArray()
            : throw new EvaluationInputException("Binary predictions need a score column or a prediction column.", null, "scores");
        SameLength(n, predicted.Length, "prediction");
        CheckLabels(predicted, 2, "prediction");
        return new PredictionTable(EvaluationTask.Binary, n)
        {
            Labels = labels, Predicted = predicted, Scores = positiveProbabilities, ClassCount = 2, ClassNames = ["0", "1"],
            Weights = CheckWeights(weights, n), Attributes = CheckAttributes(attributes, n),
        };
    }

    /// <summary>Multiclass predictions; hard predictions default to the row argmax (first maximum).</summary>
    public static PredictionTable Multiclass(
        int[] labels, double[] probabilities, int classCount, double[]? weights = null,
        IReadOnlyDictionary<string, string?[]>? attributes = null, int[]? predicted = null, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var n = labels.Length;
        if (probabilities.Length != 0)
        {
            SameLength(n, probabilities.Length / classCount, "scores");
            if (probabilities.Length % classCount != 0)
            {
                throw new EvaluationInputException(
                    string.Create(CultureInfo.InvariantCulture, $"scores has {probabilities.Length} values, not a multiple of {classCount} classes."), null, "scores");
            }
        }

        CheckLabels(labels, classCount, "label");
        CheckProbabilities(probabilities, classCount);
        predicted ??= probabilities.Length != 0
            ? Enumerable.Range(0, n).Select(i => ArgMax(probabilities.AsSpan(i * classCount, classCount))).ToArray()
            : throw new EvaluationInputException("Multiclass predictions need score columns or a prediction column.", null, "scores");
        SameLength(n, predicted.Length, "prediction");
        CheckLabels(predicted, classCount, "prediction");
        return new PredictionTable(EvaluationTask.Multiclass, n)
        {
            Labels = labels, Predicted = predicted, Scores = probabilities, ClassCount = classCount,
            ClassNames = classNames ?? Enumerable.Range(0, classCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            Weights = CheckWeights(weights, n), Attributes = CheckAttributes(attributes, n),
        };
    }

    /// <summary>Regression targets and predictions.</summary>
    public static PredictionTable Regression(
        double[] targets, double[] predictions, double[]? weights = null, IReadOnlyDictionary<string, string?[]>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(predictions);
        var n = targets.Length;
        SameLength(n, predictions.Length, "prediction");
        CheckFinite(targets, "label");
        CheckFinite(predictions, "prediction");
        return new PredictionTable(EvaluationTask.Regression, n)
        {
            Targets = targets, PredictedValues = predictions, Weights = CheckWeights(weights, n), Attributes = CheckAttributes(attributes, n),
        };
    }

    /// <summary>A copy with one attribute column replaced or added.</summary>
    internal PredictionTable WithAttributes(IReadOnlyDictionary<string, string?[]> attributes) =>
        new(Task, RowCount)
        {
            Labels = Labels, Predicted = Predicted, Targets = Targets, PredictedValues = PredictedValues, Scores = Scores,
            ClassCount = ClassCount, ClassNames = ClassNames, Weights = Weights, Attributes = CheckAttributes(attributes, RowCount),
        };

    internal static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }

        return best;
    }

    private static void SameLength(int labels, int other, string column)
    {
        if (labels != other)
        {
            throw new EvaluationInputException(
                string.Create(CultureInfo.InvariantCulture, $"Length mismatch: label has {labels} rows but {column} has {other}."), null, column);
        }
    }

    private static void CheckLabels(int[] labels, int classCount, string column)
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

    private static void CheckProbabilities(double[] values, int width)
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
            if (Math.Abs(sum - 1.0) > ProbabilitySumTolerance)
            {
                throw new EvaluationInputException(
                    string.Create(CultureInfo.InvariantCulture, $"Probabilities at row {row} sum to {sum}, not 1."), null, "scores");
            }
        }
    }

    private static void CheckFinite(double[] values, string column)
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

    private static double[]? CheckWeights(double[]? weights, int n)
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

    private static Dictionary<string, string?[]> CheckAttributes(IReadOnlyDictionary<string, string?[]>? attributes, int n)
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
