namespace Crucible.Pipelines.Training.Clustering;

/// <summary>
/// <c>kmeans</c>: Lloyd's k-means from seeded k-means++ starts (<c>n_init</c> of them, the lowest inertia kept),
/// <c>max_iter</c> and <c>tol</c> as scikit-learn's. Reports <c>inertia</c> and <c>n_iter</c>; chooses k by
/// <c>silhouette</c> (default), <c>calinski_harabasz</c> or <c>davies_bouldin</c>.
/// </summary>
internal sealed class KMeansTrainer : ClusteringTrainer
{
    public const string TrainerName = "kmeans";

    public override string Name => TrainerName;

    protected override string[] SelectionMetrics => ["silhouette", "calinski_harabasz", "davies_bouldin"];

    protected override Options ReadOwn(TrainerParameters parameters, Options shared) => shared with
    {
        Inits = parameters.Int("n_init", 5, 1, 1000),
        MaxIterations = parameters.Int("max_iter", 300, 1),
        Tolerance = parameters.Double("tol", 1e-4, 0, exclusiveMin: false),
    };

    protected override (IClusteringModel Model, Dictionary<string, double> Scores) FitClusters(
        double[] z, int n, int d, int k, ClusterSpace space, Options settings, CancellationToken cancellationToken)
    {
        var result = KMeans.Fit(z, n, d, k, settings.Inits, settings.MaxIterations, settings.Tolerance, settings.Seed, cancellationToken);
        return (new KMeansModel(Name, space, result.Centers, k), new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["inertia"] = result.Inertia,
            ["n_iter"] = result.Iterations,
        });
    }
}
