using Crucible.Evaluation.Models;
using Crucible.Pipelines.Training;
using Crucible.Pipelines.Training.Clustering;
using Crucible.Pipelines.Training.Linear;
using Crucible.Pipelines.Training.Trees;

namespace Crucible.Pipelines.Tests.Training;

/// <summary>Reaches the fitted in-process model behind a trainer (what <c>Train</c> exports) for comparisons.</summary>
internal static class TrainerInternals
{
    public static ITabularModel Fit(ITrainer trainer, Dataset data, string? label, IReadOnlyDictionary<string, string>? parameters = null)
    {
        var training = TrainingData.From(data, label, trainer.Task);
        return trainer switch
        {
            LogisticRegressionTrainer t => t.Fit(training, t.Settings(parameters).Settings, null, CancellationToken.None).Model,
            LinearRegressionTrainer t => t.Fit(training, t.Settings(parameters).Settings, null, CancellationToken.None).Model,
            ClusteringTrainer t => t.Fit(training, t.Settings(parameters).Settings, null, CancellationToken.None).Model,
            GradientBoostingTrainer t => t.Fit(training, t.Settings(parameters).Settings, null, CancellationToken.None).Model,
            _ => throw new ArgumentException(trainer.Name, nameof(trainer)),
        };
    }

    public static double[] Predict(ITrainer trainer, Dataset data, string label) =>
        Fit(trainer, data, label).Predict(data.Features, data.RowCount);
}
