using Crucible.Stats.Metrics;

namespace Crucible.Pipelines.Training;

/// <summary>The training-set metrics a trainer reports, by sklearn's definitions.</summary>
internal static class TrainingMetrics
{
    public static Dictionary<string, double> Compute(TrainingTask task, TrainingData data, double[] predictions)
    {
        if (task == TrainingTask.Clustering)
        {
            // The internal scores come from the clustering trainer (in the model's space); with known segments, these compare.
            var segments = predictions.Select(p => (int)p).ToArray();
            return data.Labels.Length == 0 ? new Dictionary<string, double>(StringComparer.Ordinal) : new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["train_adjusted_rand"] = ClusteringMetrics.AdjustedRand(data.ClassLabels(), segments),
                ["train_adjusted_mutual_information"] = ClusteringMetrics.AdjustedMutualInformation(data.ClassLabels(), segments),
                ["train_normalized_mutual_information"] = ClusteringMetrics.NormalizedMutualInformation(data.ClassLabels(), segments),
            };
        }

        if (task == TrainingTask.Regression)
        {
            return new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["train_rmse"] = RegressionMetrics.RootMeanSquaredError(data.Labels, predictions),
                ["train_r2"] = RegressionMetrics.R2(data.Labels, predictions),
            };
        }

        var labels = data.ClassLabels();
        var predicted = predictions.Select(p => p > 0.5 ? 1 : 0).ToArray();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["train_log_loss"] = ProbabilityMetrics.LogLoss(labels, predictions),
            ["train_roc_auc"] = RankingMetrics.RocAuc(labels, predictions),
            ["train_accuracy"] = ClassificationMetrics.Accuracy(labels, predicted),
        };
    }
}
