using System.Globalization;
using Crucible.Evaluation.Models;

namespace Crucible.Pipelines.Training;

/// <summary>A trainer's view of a dataset: row-major float features and the label as numbers (0/1 for a classifier).</summary>
internal sealed class TrainingData
{
    private TrainingData(float[] features, int rows, int columns, double[] labels)
    {
        Features = features;
        Rows = rows;
        Columns = columns;
        Labels = labels;
    }

    public float[] Features { get; }

    public int Rows { get; }

    public int Columns { get; }

    public double[] Labels { get; }

    public static TrainingData From(Dataset data, string? labelColumn, TrainingTask task)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (task == TrainingTask.Clustering && string.IsNullOrEmpty(labelColumn))
        {
            return Create(data.Features, data.RowCount, data.FeatureNames.Count, [], task);
        }

        ArgumentNullException.ThrowIfNull(labelColumn);
        if (data.FeatureNames.Contains(labelColumn))
        {
            throw new ArgumentException($"The label column '{labelColumn}' is also a feature; exclude it from the features.", nameof(labelColumn));
        }

        return Create(data.Features, data.RowCount, data.FeatureNames.Count, data.NumericColumn(labelColumn), task, labelColumn);
    }

    public static TrainingData Create(float[] features, int rows, int columns, double[] labels, TrainingTask task, string labelName = "label")
    {
        if (rows < 2 || columns < 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Training needs at least 2 rows and 1 feature; got {rows} rows and {columns} features."), nameof(rows));
        }

        if (task == TrainingTask.BinaryClassification)
        {
            var positives = 0;
            for (var i = 0; i < labels.Length; i++)
            {
                if (labels[i] is not (0.0 or 1.0))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Label column '{labelName}' row {i + 1}: {labels[i]} is not a class 0 or 1."), nameof(labels));
                }

                positives += (int)labels[i];
            }

            if (positives == 0 || positives == labels.Length)
            {
                throw new ArgumentException($"Label column '{labelName}' holds only one class; a classifier needs both 0 and 1.", nameof(labels));
            }
        }

        if (task == TrainingTask.Clustering)
        {
            for (var i = 0; i < labels.Length; i++)
            {
                if (labels[i] != Math.Round(labels[i]) || Math.Abs(labels[i]) > int.MaxValue)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"Label column '{labelName}' row {i + 1}: {labels[i]} is not a whole segment number."), nameof(labels));
                }
            }
        }

        return new TrainingData(features, rows, columns, labels);
    }

    public int[] ClassLabels() => Labels.Select(v => (int)v).ToArray();
}
