using Crucible.Stats.LinearAlgebra;

namespace Crucible.Stats.Models;

/// <summary>
/// Binary logistic regression with a per-coefficient L2 penalty, the one logistic fit of the code base (the built-in
/// trainer and the domain-classifier drift check use it). It minimizes
/// <c>Σᵢ [log(1 + e^{mᵢ}) − yᵢ·mᵢ] + ½·Σⱼ λⱼ·θⱼ²</c> with <c>mᵢ = b + Σⱼ θⱼ·xᵢⱼ</c> (the intercept b is not penalized)
/// by Newton's method with an Armijo backtracking line search. Rows are row-major in <c>x</c> (n × d).
/// </summary>
public static class PenalizedLogisticRegression
{
    /// <summary>
    /// Fits the model. <paramref name="rows"/> picks the rows to fit on (all when null). The fit stops after
    /// <see cref="LogisticFitOptions.MaxIterations"/> Newton steps, when the weighted gradient
    /// <c>maxⱼ |gⱼ·ωⱼ|</c> falls to <see cref="LogisticFitOptions.GradientTolerance"/>, when a step moves no
    /// coefficient by more than <see cref="LogisticFitOptions.StepTolerance"/>, or when no step decreases the
    /// objective (the optimum to rounding).
    /// </summary>
    public static LogisticFit Fit(
        double[] x, int d, double[] y, IReadOnlyList<int>? rows, LogisticFitOptions options,
        IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Penalties.Length != d)
        {
            throw new ArgumentException($"Expected {d} penalties, one per coefficient, but got {options.Penalties.Length}.", nameof(options));
        }

        var problem = new Objective(x, d, y, rows, options.Penalties);
        var k = d + 1;
        var theta = new double[k];
        var value = problem.Evaluate(theta, out var gradient, out var hessian);
        var iterations = 0;
        while (iterations < options.MaxIterations && WeightedGradient(gradient, options) > options.GradientTolerance)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            var step = Cholesky.Solve(hessian, gradient, k);
            if (step is null || !LineSearch(problem, theta, step, gradient, ref value, out var moved))
            {
                break;
            }

            value = problem.Evaluate(theta, out gradient, out hessian);
            progress?.Report((double)iterations / options.MaxIterations);
            if (moved <= options.StepTolerance)
            {
                break;
            }
        }

        return new LogisticFit(theta[..d], theta[d], iterations, value);
    }

    private static double WeightedGradient(double[] gradient, LogisticFitOptions options)
    {
        var max = Math.Abs(gradient[^1] * options.InterceptGradientWeight);
        for (var j = 0; j < gradient.Length - 1; j++)
        {
            var w = options.GradientWeights is null ? 1.0 : options.GradientWeights[j];
            max = Math.Max(max, Math.Abs(gradient[j] * w));
        }

        return max;
    }

    /// <summary>θ ← θ − t·step for the largest t in 1, ½, ¼… that decreases the objective enough (Armijo).</summary>
    private static bool LineSearch(Objective problem, double[] theta, double[] step, double[] gradient, ref double value, out double moved)
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
                moved = 0;
                for (var j = 0; j < theta.Length; j++)
                {
                    moved = Math.Max(moved, Math.Abs(t * step[j]));
                }

                trial.CopyTo(theta, 0);
                value = candidate;
                return true;
            }
        }

        moved = 0;
        return false;
    }

    /// <summary>The penalized log-loss, its gradient and Hessian over θ = (w, b).</summary>
    private sealed class Objective(double[] x, int d, double[] y, IReadOnlyList<int>? rows, double[] penalties)
    {
        private int Count => rows?.Count ?? y.Length;

        private int Row(int r) => rows is null ? r : rows[r];

        public double Value(double[] theta)
        {
            var loss = 0.0;
            for (var r = 0; r < Count; r++)
            {
                var i = Row(r);
                var m = Margin(theta, i);
                loss += Softplus(m) - (y[i] * m);
            }

            return loss + Penalty(theta);
        }

        public double Evaluate(double[] theta, out double[] gradient, out double[] hessian)
        {
            var k = d + 1;
            gradient = new double[k];
            hessian = new double[k * k];
            var loss = 0.0;
            for (var r = 0; r < Count; r++)
            {
                var i = Row(r);
                var m = Margin(theta, i);
                loss += Softplus(m) - (y[i] * m);
                var p = Sigmoid(m);
                var residual = p - y[i];
                var weight = Math.Max(p * (1.0 - p), 1e-12);
                var row = x.AsSpan(i * d, d);
                for (var j = 0; j < d; j++)
                {
                    gradient[j] += residual * row[j];
                    var wj = weight * row[j];
                    var hrow = hessian.AsSpan(j * k, j + 1);
                    for (var l = 0; l < j; l++)
                    {
                        hrow[l] += wj * row[l];
                    }

                    hrow[j] += wj * row[j];
                    hessian[(d * k) + j] += wj;
                }

                gradient[d] += residual;
                hessian[(d * k) + d] += weight;
            }

            for (var j = 0; j < d; j++)
            {
                gradient[j] += penalties[j] * theta[j];
                hessian[(j * k) + j] += penalties[j];
            }

            for (var j = 0; j < k; j++)
            {
                for (var l = j + 1; l < k; l++)
                {
                    hessian[(j * k) + l] = hessian[(l * k) + j];
                }
            }

            return loss + Penalty(theta);
        }

        private double Margin(double[] theta, int i)
        {
            var m = theta[d];
            var row = x.AsSpan(i * d, d);
            for (var j = 0; j < d; j++)
            {
                m += theta[j] * row[j];
            }

            return m;
        }

        private double Penalty(double[] theta)
        {
            var sum = 0.0;
            for (var j = 0; j < d; j++)
            {
                sum += penalties[j] * theta[j] * theta[j];
            }

            return 0.5 * sum;
        }

        private static double Sigmoid(double m) => m >= 0 ? 1 / (1 + Math.Exp(-m)) : Math.Exp(m) / (1 + Math.Exp(m));

        private static double Softplus(double m) => m > 0 ? m + double.LogP1(Math.Exp(-m)) : double.LogP1(Math.Exp(m));
    }
}

/// <summary>
/// Settings of <see cref="PenalizedLogisticRegression.Fit"/>: the L2 penalty λⱼ of each coefficient, the Newton step
/// cap, and when to stop: the gradient weighted per coefficient by ωⱼ (all 1 when <paramref name="GradientWeights"/>
/// is null; the intercept by <paramref name="InterceptGradientWeight"/>), or the largest coefficient move of a step.
/// </summary>
public sealed record LogisticFitOptions(
    double[] Penalties,
    int MaxIterations,
    double GradientTolerance,
    double StepTolerance = 0,
    double[]? GradientWeights = null,
    double InterceptGradientWeight = 1.0);

/// <summary>A fitted model: coefficients, intercept, Newton steps taken and the objective's final value.</summary>
public sealed record LogisticFit(double[] Weights, double Intercept, int Iterations, double Objective)
{
    /// <summary>The linear score (log-odds) of row i of a row-major matrix with <c>Weights.Length</c> columns.</summary>
    public double Score(double[] x, int i)
    {
        var d = Weights.Length;
        var s = Intercept;
        for (var j = 0; j < d; j++)
        {
            s += Weights[j] * x[(i * d) + j];
        }

        return s;
    }
}
