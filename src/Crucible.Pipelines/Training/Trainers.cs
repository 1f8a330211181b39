using Crucible.Pipelines.Training.Clustering;
using Crucible.Pipelines.Training.Linear;
using Crucible.Pipelines.Training.Trees;

namespace Crucible.Pipelines.Training;

/// <summary>The built-in tabular trainers, by name.</summary>
public static class Trainers
{
    private static readonly Dictionary<string, Func<ITrainer>> Factories = new(StringComparer.Ordinal)
    {
        [LogisticRegressionTrainer.TrainerName] = () => new LogisticRegressionTrainer(),
        [LinearRegressionTrainer.TrainerName] = () => new LinearRegressionTrainer(),
        [GradientBoostingTrainer.ClassifierName] = () => new GradientBoostingTrainer(TrainingTask.BinaryClassification),
        [GradientBoostingTrainer.RegressorName] = () => new GradientBoostingTrainer(TrainingTask.Regression),
        [KMeansTrainer.TrainerName] = () => new KMeansTrainer(),
        [GaussianMixtureTrainer.TrainerName] = () => new GaussianMixtureTrainer(),
    };

    /// <summary><c>gaussian_mixture</c>, <c>gbt_classifier</c>, <c>gbt_regressor</c>, <c>kmeans</c>, <c>linear_regression</c>, <c>logistic_regression</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A trainer by name; an unknown name throws <see cref="ArgumentException"/> listing the valid names.</summary>
    public static ITrainer Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Factories.TryGetValue(name, out var factory)
            ? factory()
            : throw new ArgumentException($"Unknown trainer '{name}'; valid trainers: {string.Join(", ", Names)}.", nameof(name));
    }
}
