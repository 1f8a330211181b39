namespace Crucible.Pipelines.Training.Clustering;

/// <summary>
/// <c>gaussian_mixture</c>: full-covariance EM (<c>max_iter</c> 100, <c>tol</c> 1e-3 on the mean log-likelihood,
/// <c>reg_covar</c> 1e-6, started from seeded k-means). Reports <c>log_likelihood</c> (mean per row), <c>bic</c>,
/// <c>n_iter</c> and <c>converged</c>; chooses k by <c>bic</c> (default, lower is better), <c>silhouette</c>,
/// <c>calinski_harabasz</c> or <c>davies_bouldin</c>.
/// </summary>
internal sealed class GaussianMixtureTrainer : ClusteringTrainer
{
    public const string TrainerName = "gaussian_mixture";

    public override string Name => TrainerName;

    protected override string[] SelectionMetrics => ["bic", "silhouette", "calinski_harabasz", "davies_bouldin"];

    protected override Options ReadOwn(TrainerParameters parameters, Options shared) => shared with
    {
        MaxIterations = parameters.Int("max_iter", 100, 1),
        Tolerance = parameters.Double("tol", 1e-3, 0, exclusiveMin: false),
        Regularization = parameters.Double("reg_covar", 1e-6, 0, exclusiveMin: false),
    };

    protected override (IClusteringModel Model, Dictionary<string, double> Scores) FitClusters(
        double[] z, int n, int d, int k, ClusterSpace space, Options settings, CancellationToken cancellationToken)
    {
        var result = GaussianMixture.Fit(z, n, d, k, settings.MaxIterations, settings.Tolerance, settings.Regularization, settings.Seed, cancellationToken);
        // Free parameters: k − 1 weights, k·d means, k·d(d+1)/2 covariance entries (sklearn's _n_parameters).
        var free = (k - 1) + (k * d) + (k * d * (d + 1) / 2.0);
        return (new GaussianMixtureModel(Name, space, result, k), new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["log_likelihood"] = result.LowerBound,
            ["bic"] = (-2 * result.LowerBound * n) + (free * Math.Log(n)),
            ["n_iter"] = result.Iterations,
            ["converged"] = result.Converged ? 1 : 0,
        });
    }
}
