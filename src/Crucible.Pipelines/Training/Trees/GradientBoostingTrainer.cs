namespace Crucible.Pipelines.Training.Trees;

/// <summary>
/// Histogram gradient-boosted trees after sklearn's HistGradientBoostingClassifier / Regressor (without early
/// stopping): features binned once into at most <c>max_bins</c> quantile bins, then <c>max_iter</c> trees grown
/// leaf-wise on the gradients of the half binomial log-loss (classifier, baseline the log-odds of the class-1 rate)
/// or the half squared error (regressor, baseline the mean).
/// </summary>
internal sealed class GradientBoostingTrainer(TrainingTask task) : TrainerBase<GradientBoostingTrainer.Options>
{
    public const string ClassifierName = "gbt_classifier";
    public const string RegressorName = "gbt_regressor";

    public override string Name => task == TrainingTask.BinaryClassification ? ClassifierName : RegressorName;

    public override TrainingTask Task => task;

    /// <summary>sklearn's names and defaults; <c>seed</c> drives the row sample for the bin thresholds.</summary>
    internal sealed record Options(
        double LearningRate, int MaxIter, int MaxLeafNodes, int MinSamplesLeaf, double L2Regularization, int MaxBins, int Seed);

    protected override Options ReadParameters(TrainerParameters parameters) => new(
        parameters.Double("learning_rate", 0.1, 0, exclusiveMin: true),
        parameters.Int("max_iter", 100, 1),
        parameters.Int("max_leaf_nodes", 31, 2),
        parameters.Int("min_samples_leaf", 20, 1),
        parameters.Double("l2_regularization", 0.0, 0, exclusiveMin: false),
        parameters.Int("max_bins", 255, 2, 255),
        parameters.Int("seed", 0, int.MinValue));

    public override (ITabularModel Model, Dictionary<string, double> Metrics) Fit(
        TrainingData data, Options settings, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var (n, d) = (data.Rows, data.Columns);
        var binner = FeatureBinner.Fit(data.Features, n, d, settings.MaxBins, settings.Seed);
        var bins = binner.Transform(data.Features, n, d);
        var grower = new TreeGrower(bins, n, d, binner.Thresholds.Select(t => t.Length + 1).ToArray(), settings);
        var classifier = task == TrainingTask.BinaryClassification;
        var baseline = Baseline(data.Labels, classifier);
        var raw = Enumerable.Repeat((double)baseline, n).ToArray();
        var gradients = new double[n];
        var hessians = new double[n];
        var trees = new List<RegressionTree>(settings.MaxIter);
        for (var iteration = 0; iteration < settings.MaxIter; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < n; i++)
            {
                if (classifier)
                {
                    var p = 1.0 / (1.0 + Math.Exp(-raw[i]));
                    gradients[i] = p - data.Labels[i];
                    hessians[i] = p * (1.0 - p);
                }
                else
                {
                    gradients[i] = raw[i] - data.Labels[i];
                    hessians[i] = 1.0;
                }
            }

            trees.Add(grower.Grow(gradients, hessians, binner.Thresholds, raw));
            progress?.Report(0.95 * (iteration + 1) / settings.MaxIter);
        }

        trees[0].AddToLeaves(baseline);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["n_iter"] = trees.Count,
            ["n_leaves"] = trees.Sum(t => t.LeafCount),
        };
        return (new GradientBoostedModel(Name, task, d, trees), metrics);
    }

    /// <summary>The constant prediction the trees start from: the mean, or the log-odds of the class-1 rate.</summary>
    private static float Baseline(double[] labels, bool classifier)
    {
        var mean = labels.Average();
        if (!classifier)
        {
            return (float)mean;
        }

        var p = Math.Clamp(mean, 1e-15, 1 - 1e-15);
        return (float)Math.Log(p / (1 - p));
    }
}
