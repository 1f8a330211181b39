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

    /// <summary>True when the hard predictions were derived from the scores (threshold 0.5 or argmax), not read.</summary>
    internal bool PredictedFromScores { get; private init; }

    /// <summary>Sample weights, or null.</summary>
    public IReadOnlyList<double>? Weights { get; private init; }

    /// <summary>String columns usable for slicing and fairness (a null cell is missing).</summary>
    public IReadOnlyDictionary<string, string?[]> Attributes { get; private init; } = new Dictionary<string, string?[]>();

    /// <summary>Reads and validates a CSV, JSON Lines or Parquet predictions file (format from the extension, as <see cref="Crucible.Tabular.TabularReader.FormatOf"/>).</summary>
    public static PredictionTable PredictionFile(string path, EvaluationTask task, PredictionColumns columns) =>
        PredictionFileReader.Read(path, task, columns);

    /// <summary>Reads and validates CSV predictions (with a header) from a reader; errors name <paramref name="source"/>, the line and the column.</summary>
    public static PredictionTable PredictionCsv(TextReader reader, string source, EvaluationTask task, PredictionColumns columns)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(columns);
        return PredictionFileReader.Convert(RawColumns.ReadCsv(reader, source), task, columns);
    }

    /// <summary>Binary predictions; hard predictions default to probability &gt; 0.5.</summary>
    public static PredictionTable Binary(
        int[] labels, double[] positiveProbabilities, double[]? weights = null, IReadOnlyDictionary<string, string?[]>? attributes = null, int[]? predicted = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(positiveProbabilities);
        var n = labels.Length;
        if (positiveProbabilities.Length != 0)
        {
            PredictionChecks.SameLength(n, positiveProbabilities.Length, "scores");
        }

        PredictionChecks.CheckLabels(labels, 2, "label");
        PredictionChecks.CheckProbabilities(positiveProbabilities, 1);
        var derived = predicted is null;
        predicted ??= positiveProbabilities.Length != 0
            ? positiveProbabilities.Select(p => p > 0.5 ? 1 : 0).ToArray()
            : throw new EvaluationInputException("Binary predictions need a score column or a prediction column.", null, "scores");
        PredictionChecks.SameLength(n, predicted.Length, "prediction");
        PredictionChecks.CheckLabels(predicted, 2, "prediction");
        return new PredictionTable(EvaluationTask.Binary, n)
        {
            Labels = labels, Predicted = predicted, Scores = positiveProbabilities, ClassCount = 2, ClassNames = ["0", "1"], PredictedFromScores = derived,
            Weights = PredictionChecks.CheckWeights(weights, n), Attributes = PredictionChecks.CheckAttributes(attributes, n),
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
            PredictionChecks.SameLength(n, probabilities.Length / classCount, "scores");
            if (probabilities.Length % classCount != 0)
            {
                throw new EvaluationInputException(
                    string.Create(CultureInfo.InvariantCulture, $"scores has {probabilities.Length} values, not a multiple of {classCount} classes."), null, "scores");
            }
        }

        PredictionChecks.CheckLabels(labels, classCount, "label");
        PredictionChecks.CheckProbabilities(probabilities, classCount);
        var derived = predicted is null;
        predicted ??= probabilities.Length != 0
            ? Enumerable.Range(0, n).Select(i => ArgMax(probabilities.AsSpan(i * classCount, classCount))).ToArray()
            : throw new EvaluationInputException("Multiclass predictions need score columns or a prediction column.", null, "scores");
        PredictionChecks.SameLength(n, predicted.Length, "prediction");
        PredictionChecks.CheckLabels(predicted, classCount, "prediction");
        return new PredictionTable(EvaluationTask.Multiclass, n)
        {
            Labels = labels, Predicted = predicted, Scores = probabilities, ClassCount = classCount, PredictedFromScores = derived,
            ClassNames = classNames ?? Enumerable.Range(0, classCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray(),
            Weights = PredictionChecks.CheckWeights(weights, n), Attributes = PredictionChecks.CheckAttributes(attributes, n),
        };
    }

    /// <summary>Regression targets and predictions.</summary>
    public static PredictionTable Regression(
        double[] targets, double[] predictions, double[]? weights = null, IReadOnlyDictionary<string, string?[]>? attributes = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(predictions);
        var n = targets.Length;
        PredictionChecks.SameLength(n, predictions.Length, "prediction");
        PredictionChecks.CheckFinite(targets, "label");
        PredictionChecks.CheckFinite(predictions, "prediction");
        return new PredictionTable(EvaluationTask.Regression, n)
        {
            Targets = targets, PredictedValues = predictions, Weights = PredictionChecks.CheckWeights(weights, n), Attributes = PredictionChecks.CheckAttributes(attributes, n),
        };
    }

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
}
