namespace Crucible.Pipelines.Training.Linear;

/// <summary>
/// L2-regularized logistic regression with sklearn's objective, ½‖w‖² + C·Σ log-loss (intercept not penalized),
/// minimized by Newton's method with a backtracking line search on standardized features; the penalty is carried
/// over to that scale, so the optimum is sklearn's, and the coefficients are folded back to the raw features.
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
        var scaler = Standardizer.Fit(data);
        var problem = new LogisticObjective(scaler.Transform(data), data.Labels, data.Columns, settings.C, scaler.Scales);
        var k = data.Columns + 1;
        var theta = new double[k];
        var value = problem.Evaluate(theta, out var gradient, out var hessian);
        var iterations = 0;
        while (iterations < settings.MaxIter && RawGradientNorm(gradient, scaler.Scales) > settings.Tol)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            var step = Cholesky.Solve(hessian, gradient, k);
            if (step is null || !LineSearch(problem, theta, step, gradient, ref value))
            {
                break;
            }

            value = problem.Evaluate(theta, out gradient, out hessian);
            progress?.Report(0.9 * iterations / settings.MaxIter);
        }

        var (w, b) = scaler.Unscale(theta.AsSpan(0, data.Columns), theta[data.Columns]);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal) { ["n_iter"] = iterations };
        return (new LinearModel(Name, Task, w, b), metrics);
    }

    /// <summary>θ ← θ − t·step for the largest t in 1, ½, ¼… that decreases the objective enough (Armijo).</summary>
    private static bool LineSearch(LogisticObjective problem, double[] theta, double[] step, double[] gradient, ref double value)
    {
        var slope = 0.0;
        for (var j = 0; j < step.Length; j++)
        {
            slope += gradient[j] * step[j];
        }

        var trial = new double[theta.Length];
        for (var t = 1.0; t > 1e-10; t *= 0.5)
        {
            for (var j = 0; j < theta.Length; j++)
            {
                trial[j] = theta[j] - (t * step[j]);
            }

            var candidate = problem.Value(trial);
            if (candidate <= value - (1e-4 * t * slope))
            {
                trial.CopyTo(theta, 0);
                value = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The largest gradient component of sklearn's objective on the raw features (∂/∂w_j = ∂/∂v_j / σ_j): the
    /// quantity sklearn's lbfgs compares with <c>tol</c>.
    /// </summary>
    private static double RawGradientNorm(double[] gradient, double[] scales)
    {
        var max = Math.Abs(gradient[^1]);
        for (var j = 0; j < scales.Length; j++)
        {
            max = Math.Max(max, Math.Abs(gradient[j] / scales[j]));
        }

        return max;
    }
}
