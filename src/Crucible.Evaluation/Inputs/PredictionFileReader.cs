using System.Globalization;
using Crucible.Stats.Metrics;

namespace Crucible.Evaluation.Inputs;

/// <summary>Turns a predictions file into a <see cref="PredictionTable"/>, with errors that name the line and column.</summary>
internal static class PredictionFileReader
{
    public static PredictionTable Read(string path, EvaluationTask task, PredictionColumns columns)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        return Convert(RawColumns.Read(path, "Predictions"), task, columns);
    }

    internal static PredictionTable Convert(RawColumns raw, EvaluationTask task, PredictionColumns columns)
    {
        var cells = new CellParser(raw);
        var used = new HashSet<string>(StringComparer.Ordinal) { columns.Label };
        var weights = columns.Weight is null ? null : cells.Numbers(columns.Weight, "weight");
        if (columns.Weight is not null)
        {
            used.Add(columns.Weight);
        }

        if (columns.Prediction is not null)
        {
            used.Add(columns.Prediction);
        }

        used.UnionWith(columns.ScoreColumns);
        if (task == EvaluationTask.Regression)
        {
            var prediction = columns.Prediction
                ?? throw new EvaluationInputException("A regression task needs a prediction column.", null, null);
            return Finish(raw, used, a => PredictionTable.Regression(cells.Numbers(columns.Label, "label"), cells.Numbers(prediction, "prediction"), weights, a));
        }

        var expected = task == EvaluationTask.Binary ? 1 : columns.ScoreColumns.Count;
        if (task == EvaluationTask.Binary && columns.ScoreColumns.Count > 1)
        {
            throw new EvaluationInputException(
                $"A binary task takes one score column (the probability of class 1), got {columns.ScoreColumns.Count}: {string.Join(", ", columns.ScoreColumns)}.",
                null,
                columns.ScoreColumns[1]);
        }

        var classCount = task == EvaluationTask.Binary ? 2 : columns.ScoreColumns.Count;
        var scores = columns.ScoreColumns.Count == 0 ? [] : cells.Probabilities(columns.ScoreColumns, expected);
        var labelCells = raw.Get(columns.Label);
        var predictionCells = columns.Prediction is null ? null : raw.Get(columns.Prediction);
        var classes = ClassNames(columns, labelCells, predictionCells);
        if (classCount == 0)
        {
            classCount = classes?.Count ?? 1 + Math.Max(cells.MaxInteger(columns.Label), predictionCells is null ? 0 : cells.MaxInteger(columns.Prediction!));
        }

        var labels = cells.Classes(columns.Label, classes, classCount);
        var predicted = columns.Prediction is null ? null : cells.Classes(columns.Prediction, classes, classCount);
        return task == EvaluationTask.Binary
            ? Finish(raw, used, a => PredictionTable.Binary(labels, scores, weights, a, predicted))
            : Finish(raw, used, a => PredictionTable.Multiclass(labels, scores, Math.Max(classCount, 2), weights, a, predicted, classes));
    }

    private static List<string>? ClassNames(PredictionColumns columns, List<string?> labels, List<string?>? predictions)
    {
        if (columns.Classes is not null)
        {
            return [.. columns.Classes];
        }

        var all = labels.Concat(predictions ?? []).Where(v => v is not null).Select(v => v!).ToList();
        if (all.TrueForAll(v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
        {
            return null;
        }

        return [.. LabelEncoder.Fit(all).Classes];
    }

    private static PredictionTable Finish(RawColumns raw, HashSet<string> used, Func<IReadOnlyDictionary<string, string?[]>, PredictionTable> build)
    {
        var attributes = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var name in raw.Names)
        {
            if (!used.Contains(name))
            {
                attributes[name] = [.. raw.Get(name)];
            }
        }

        return build(attributes);
    }
}
