using Crucible.Stats.LinearAlgebra;

namespace Crucible.Pipelines.Training.Linear;

/// <summary>
/// Least squares with an optional ridge penalty, sklearn's Ridge objective ‖y − Xw − b‖² + α‖w‖² (α = 0 is ordinary
/// least squares; the intercept is not penalized), solved in closed form: the normal equations on standardized
/// features by Cholesky. Without a penalty, exactly collinear features get a vanishing ridge (1e-10 per row) so the
/// system stays solvable.
/// </summary>
internal sealed class LinearRegressionTrainer : TrainerBase<LinearRegressionTrainer.Options>
{
    public const string TrainerName = "linear_regression";

    private const double CollinearJitter = 1e-10;

    public override string Name => TrainerName;

    public override TrainingTask Task => TrainingTask.Regression;

    internal sealed record Options(double Alpha);

    protected override Options ReadParameters(TrainerParameters parameters)
    {
        var options = new Options(parameters.Double("alpha", 0.0, 0, exclusiveMin: false));
        parameters.Int("seed", 0, int.MinValue); // accepted for a uniform interface; the solution is deterministic
        return options;
    }

    public override (ITabularModel Model, Dictionary<string, double> Metrics) Fit(
        TrainingData data, Options settings, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var (n, d) = (data.Rows, data.Columns);
        var scaler = Standardizer.Fit(data);
        var z = scaler.Transform(data);
        var mean = data.Labels.Average();
        var gram = new double[d * d];
        var rhs = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = z.AsSpan(i * d, d);
            var centered = data.Labels[i] - mean;
            for (var j = 0; j < d; j++)
            {
                rhs[j] += row[j] * centered;
                for (var l = 0; l <= j; l++)
                {
                    gram[(j * d) + l] += row[j] * row[l];
                }
            }

            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        for (var j = 0; j < d; j++)
        {
            gram[(j * d) + j] += settings.Alpha / (scaler.Scales[j] * scaler.Scales[j]);
            for (var l = 0; l < j; l++)
            {
                gram[(l * d) + j] = gram[(j * d) + l];
            }
        }

        progress?.Report(0.5);
        var v = Cholesky.Solve(gram, rhs, d);
        if (v is null)
        {
            for (var j = 0; j < d; j++)
            {
                gram[(j * d) + j] += CollinearJitter * n;
            }

            v = Cholesky.Solve(gram, rhs, d)
                ?? throw new ArgumentException("The features are degenerate (the normal equations cannot be solved); set alpha > 0.", "alpha");
        }

        var (w, b) = scaler.Unscale(v, mean);
        return (new LinearModel(Name, Task, w, b), new Dictionary<string, double>(StringComparer.Ordinal));
    }
}
