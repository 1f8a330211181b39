using Crucible.Evaluation.Models;

namespace Crucible.Pipelines.Training;

/// <summary>What a built-in trainer learns: binary classification (labels 0/1), regression or clustering (segments, no label needed).</summary>
public enum TrainingTask
{
    BinaryClassification,
    Regression,
    Clustering,
}

/// <summary>
/// A trained model: the ONNX bytes (one float input <c>input</c> of shape [N, features]; a classifier answers
/// <c>label</c> [N] int64 and <c>probabilities</c> [N, 2] float, a regressor <c>variable</c> [N, 1] float, a clustering
/// model <c>label</c> [N] int64 (the segment) and <c>distances</c> (k-means) or <c>probabilities</c> (mixture) [N, k] float), the
/// parameters it was trained with and its training metrics, ready to log to a run.
/// </summary>
public sealed record TrainedModel(
    string Trainer,
    TrainingTask Task,
    byte[] Onnx,
    IReadOnlyList<string> FeatureNames,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>A built-in tabular trainer. Deterministic for the same data, parameters and seed.</summary>
public interface ITrainer
{
    /// <summary><c>logistic_regression</c>, <c>linear_regression</c>, <c>gbt_classifier</c>, <c>gbt_regressor</c>, <c>kmeans</c> or <c>gaussian_mixture</c>.</summary>
    string Name { get; }

    TrainingTask Task { get; }

    /// <summary>
    /// Trains on <paramref name="data"/>'s features (row-major) against the numbers in its column
    /// <paramref name="labelColumn"/> (for clustering optional, null or empty for none: known segments to compare with). Unknown or invalid parameters throw <see cref="ArgumentException"/> naming the
    /// parameter. Progress goes 0..1.
    /// </summary>
    TrainedModel Train(Dataset data, string? labelColumn, IReadOnlyDictionary<string, string> parameters, IProgress<double>? progress, CancellationToken cancellationToken);
}
