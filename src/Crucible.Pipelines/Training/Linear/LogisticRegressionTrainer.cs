using Crucible.Stats.Models;

namespace Crucible.Pipelines.Training.Linear;

/// <summary>
/// L2-regularized logistic regression with sklearn's objective, ½‖w‖² + C·Σ log-loss (intercept not penalized),
/// minimized by Newton's method with a backtracking line search (Crucible.Stats' penalized logistic fit) on standardized
/// features; the penalty is carried over to that scale, so the optimum is sklearn's, and the coefficients are folded
/// back to the raw features.
/// </summary>
internal sealed class LogisticRegressionTrainer : TrainerBase<LogisticRegressionTrainer.Options>
{
    public const string TrainerName = "logistic_regression";

    public override string Name => TrainerName;

    public override TrainingTask Task => TrainingTask.BinaryClassification;

    /// <summary>sklearn's C (inverse regularization strength), iteration cap and gradient tolerance (max |∂f/∂w|).</summary>
    internal sealed record Options(double C, int MaxIter, double Tol);

    protected override Options ReadParameters(TrainerParameters parameters)
    {
        var options = new Options(
            parameters.Double("C", 1.0, 0, exclusiveMin: true),
            parameters.Int("max_iter", 100, 1),
            parameters.Double("tol", 1e-4, 0, exclusiveMin: true));
        parameters.Int("seed", 0, int.MinValue); // accepted for a uniform interface; the solver is deterministic
        return options;
    }

    public override (ITabularModel Model, Dictionary<string, double> Metrics) Fit(
        TrainingData data, Options settings, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        // sklearn's ½‖w‖² + C·Σ log-loss on raw features is, on standardized features v = w·σ and divided by C,
        // Σ log-loss + ½·Σ v_j²/(C·σ_j²); its raw gradient ∂/∂w_j = C·∂/∂v_j / σ_j is what sklearn compares with tol.
        var scaler = Standardizer.Fit(data);
        var d = data.Columns;
        var penalties = new double[d];
        var gradientWeights = new double[d];
        for (var j = 0; j < d; j++)
        {
            penalties[j] = 1.0 / (settings.C * scaler.Scales[j] * scaler.Scales[j]);
            gradientWeights[j] = settings.C / scaler.Scales[j];
        }

        var options = new LogisticFitOptions(penalties, settings.MaxIter, settings.Tol, GradientWeights: gradientWeights, InterceptGradientWeight: settings.C);
        var scaled = progress is null ? null : new Progress<double>(p => progress.Report(0.9 * p));
        var fit = PenalizedLogisticRegression.Fit(scaler.Transform(data), d, data.Labels, rows: null, options, scaled, cancellationToken);
        var (w, b) = scaler.Unscale(fit.Weights, fit.Intercept);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["n_iter"] = fit.Iterations };
        return (new LinearModel(Name, Task, w, b), metrics);
    }
}
