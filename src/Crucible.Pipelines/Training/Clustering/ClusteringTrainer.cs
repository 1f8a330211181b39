using System.Globalization;

namespace Crucible.Pipelines.Training.Clustering;

/// <summary>
/// What the clustering trainers share: features standardized unless <c>standardize=0</c>; <c>n_clusters</c> segments,
/// or with <c>n_clusters=0</c> every k from <c>k_min</c> to <c>k_max</c> fitted and the best by <c>select_by</c> kept
/// (each candidate's score is reported as <c>select_METRIC_kK</c>); metrics <c>n_clusters</c>, the training
/// <c>train_silhouette</c>, <c>train_calinski_harabasz</c>, <c>train_davies_bouldin</c> in the model's space, and the
/// algorithm's own. A label column is optional: when given, it is the known segment the training metrics compare with.
/// </summary>
internal abstract class ClusteringTrainer : TrainerBase<ClusteringTrainer.Options>
{
    public override TrainingTask Task => TrainingTask.Clustering;

    internal sealed record Options(int Clusters, int KMin, int KMax, string SelectBy, bool Standardize, int Seed, int MaxIterations, double Tolerance, int Inits, double Regularization);

    /// <summary>The <c>select_by</c> choices, the default first.</summary>
    protected abstract string[] SelectionMetrics { get; }

    public override (ITabularModel Model, Dictionary<string, double> Metrics) Fit(
        TrainingData data, Options settings, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var space = ClusterSpace.Fit(data, settings.Standardize);
        var z = space.Transform(data.Features, data.Rows);
        var (n, d) = (data.Rows, data.Columns);
        var candidates = settings.Clusters > 0 ? [settings.Clusters] : Enumerable.Range(settings.KMin, Math.Max(0, Math.Min(settings.KMax, n - 1) - settings.KMin + 1)).ToArray();
        if (candidates.Length == 0 || candidates[0] > n)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{n} rows cannot make {candidates.FirstOrDefault(settings.KMin)} segments."), "n_clusters");
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        (IClusteringModel Model, Dictionary<string, double> Scores)? best = null;
        var bestScore = double.NaN;
        for (var i = 0; i < candidates.Length; i++)
        {
            var k = candidates[i];
            var (model, scores) = FitClusters(z, n, d, k, space, settings, cancellationToken);
            foreach (var (name, value) in ClusterQuality.Compute(z, n, d, model.Assign(data.Features, n), settings.Seed))
            {
                scores[name] = value;
            }

            if (candidates.Length > 1)
            {
                var score = scores.GetValueOrDefault(settings.SelectBy, double.NaN);
                metrics[string.Create(CultureInfo.InvariantCulture, $"select_{settings.SelectBy}_k{k}")] = score;
                if (!double.IsNaN(score) && ClusterQuality.Better(settings.SelectBy, score, bestScore))
                {
                    (best, bestScore) = ((model, scores), score);
                }
            }
            else
            {
                best = (model, scores);
            }

            progress?.Report(0.95 * (i + 1) / candidates.Length);
        }

        if (best is not { } chosen)
        {
            throw new ArgumentException($"No candidate k gave a {settings.SelectBy} score (every fit put all rows in one segment).", "select_by");
        }

        metrics["n_clusters"] = chosen.Model.Clusters;
        foreach (var (name, value) in chosen.Scores)
        {
            metrics[name is "silhouette" or "calinski_harabasz" or "davies_bouldin" ? "train_" + name : name] = value;
        }

        return (chosen.Model, metrics);
    }

    protected override Options ReadParameters(TrainerParameters parameters)
    {
        var clusters = parameters.Int("n_clusters", 0, 0, 1000);
        var kMin = parameters.Int("k_min", 2, 2, 1000);
        var kMax = parameters.Int("k_max", 8, kMin, 1000);
        var selectBy = parameters.Choice("select_by", SelectionMetrics);
        var standardize = parameters.Int("standardize", 1, 0, 1) == 1;
        var seed = parameters.Int("seed", 0, int.MinValue);
        return ReadOwn(parameters, new Options(clusters, kMin, kMax, selectBy, standardize, seed, 0, 0, 0, 0));
    }

    /// <summary>Reads the algorithm's own parameters into <paramref name="shared"/>.</summary>
    protected abstract Options ReadOwn(TrainerParameters parameters, Options shared);

    /// <summary>Fits k segments on <paramref name="z"/> (the model's space); returns the model and its own scores.</summary>
    protected abstract (IClusteringModel Model, Dictionary<string, double> Scores) FitClusters(
        double[] z, int n, int d, int k, ClusterSpace space, Options settings, CancellationToken cancellationToken);
}
