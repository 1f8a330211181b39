namespace Crucible.Pipelines.Training.Clustering;

/// <summary>
/// A Gaussian mixture with full covariances fitted by EM as scikit-learn's <c>GaussianMixture</c> does: responsibilities
/// start from a k-means labelling, each covariance gets <c>reg_covar</c> on its diagonal, and EM stops when the mean
/// log-likelihood per row changes by less than tol. Precisions are kept as Cholesky factors P (Σ⁻¹ = P Pᵀ), so the
/// Mahalanobis term of a row is ‖(x − μ) P‖².
/// </summary>
internal static class GaussianMixture
{
    private const double Log2Pi = 1.8378770664093453;

    internal sealed record Result(double[] Weights, double[] Means, double[] PrecisionCholesky, double LowerBound, int Iterations, bool Converged);

    public static Result Fit(double[] z, int n, int d, int k, int maxIterations, double tolerance, double regularization, int seed, CancellationToken cancellationToken)
    {
        var init = KMeans.Fit(z, n, d, k, 1, 300, 1e-4, seed, cancellationToken);
        var responsibilities = new double[n * k];
        for (var i = 0; i < n; i++)
        {
            responsibilities[(i * k) + init.Labels[i]] = 1;
        }

        var parameters = MaximizationStep(z, n, d, k, responsibilities, regularization);
        var lowerBound = double.NegativeInfinity;
        var converged = false;
        var iterations = 0;
        while (iterations < maxIterations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            iterations++;
            var previous = lowerBound;
            lowerBound = ExpectationStep(z, n, d, k, parameters, responsibilities);
            parameters = MaximizationStep(z, n, d, k, responsibilities, regularization);
            if (Math.Abs(lowerBound - previous) < tolerance)
            {
                converged = true;
                break;
            }
        }

        return parameters with { LowerBound = lowerBound, Iterations = iterations, Converged = converged };
    }

    /// <summary>log(w_c) + log N(x | μ_c, Σ_c) for every row and component, row-major [n, k].</summary>
    public static double[] WeightedLogDensities(ReadOnlySpan<double> z, int n, int d, int k, Result model)
    {
        var result = new double[n * k];
        var offsets = Offsets(d, k, model);
        var y = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = z.Slice(i * d, d);
            for (var c = 0; c < k; c++)
            {
                result[(i * k) + c] = offsets[c] - (0.5 * Mahalanobis(row, d, c, model, y));
            }
        }

        return result;
    }

    /// <summary>Per component, log(w) − ½ d log 2π + log det P: the constant part of its weighted log density.</summary>
    public static double[] Offsets(int d, int k, Result model)
    {
        var offsets = new double[k];
        for (var c = 0; c < k; c++)
        {
            var logDet = 0.0;
            for (var j = 0; j < d; j++)
            {
                logDet += Math.Log(model.PrecisionCholesky[(c * d * d) + (j * d) + j]);
            }

            offsets[c] = Math.Log(model.Weights[c]) - (0.5 * d * Log2Pi) + logDet;
        }

        return offsets;
    }

    private static double Mahalanobis(ReadOnlySpan<double> row, int d, int c, Result model, double[] y)
    {
        var p = model.PrecisionCholesky.AsSpan(c * d * d, d * d);
        var mean = model.Means.AsSpan(c * d, d);
        var sum = 0.0;
        for (var col = 0; col < d; col++)
        {
            var v = 0.0;
            for (var j = 0; j < d; j++)
            {
                v += (row[j] - mean[j]) * p[(j * d) + col];
            }

            y[col] = v;
            sum += v * v;
        }

        return sum;
    }

    /// <summary>Fills the responsibilities; returns the mean log-likelihood per row.</summary>
    private static double ExpectationStep(double[] z, int n, int d, int k, Result model, double[] responsibilities)
    {
        var log = WeightedLogDensities(z, n, d, k, model);
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var row = log.AsSpan(i * k, k);
            var lse = LogSumExp(row);
            total += lse;
            for (var c = 0; c < k; c++)
            {
                responsibilities[(i * k) + c] = Math.Exp(row[c] - lse);
            }
        }

        return total / n;
    }

    public static double LogSumExp(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        foreach (var v in values)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }

    private static Result MaximizationStep(double[] z, int n, int d, int k, double[] responsibilities, double regularization)
    {
        var weights = new double[k];
        var means = new double[k * d];
        var precision = new double[k * d * d];
        for (var c = 0; c < k; c++)
        {
            var nk = 0.0;
            for (var i = 0; i < n; i++)
            {
                var r = responsibilities[(i * k) + c];
                nk += r;
                for (var j = 0; j < d; j++)
                {
                    means[(c * d) + j] += r * z[(i * d) + j];
                }
            }

            nk += 10 * 2.220446049250313e-16;
            for (var j = 0; j < d; j++)
            {
                means[(c * d) + j] /= nk;
            }

            var covariance = new double[d * d];
            for (var i = 0; i < n; i++)
            {
                var r = responsibilities[(i * k) + c];
                if (r == 0)
                {
                    continue;
                }

                for (var a = 0; a < d; a++)
                {
                    var da = z[(i * d) + a] - means[(c * d) + a];
                    for (var b = 0; b <= a; b++)
                    {
                        covariance[(a * d) + b] += r * da * (z[(i * d) + b] - means[(c * d) + b]);
                    }
                }
            }

            for (var a = 0; a < d; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    covariance[(a * d) + b] /= nk;
                }

                covariance[(a * d) + a] += regularization;
            }

            PrecisionCholesky(covariance, d).CopyTo(precision.AsSpan(c * d * d, d * d));
            weights[c] = nk / n;
        }

        return new Result(weights, means, precision, double.NaN, 0, false);
    }

    /// <summary>P = (L⁻¹)ᵀ for Σ = L Lᵀ (lower triangle of <paramref name="covariance"/> read); row-major, upper triangular.</summary>
    private static double[] PrecisionCholesky(double[] covariance, int d)
    {
        var l = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = covariance[(i * d) + j];
                for (var m = 0; m < j; m++)
                {
                    sum -= l[(i * d) + m] * l[(j * d) + m];
                }

                if (i == j)
                {
                    if (sum <= 0)
                    {
                        throw new ArgumentException("A mixture component's covariance is not positive definite; raise reg_covar or lower n_components.", "reg_covar");
                    }

                    l[(i * d) + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[(i * d) + j] = sum / l[(j * d) + j];
                }
            }
        }

        // Inverse of the lower-triangular L by forward substitution, then transposed.
        var inverse = new double[d * d];
        for (var col = 0; col < d; col++)
        {
            for (var i = col; i < d; i++)
            {
                var sum = i == col ? 1.0 : 0.0;
                for (var m = col; m < i; m++)
                {
                    sum -= l[(i * d) + m] * inverse[(m * d) + col];
                }

                inverse[(i * d) + col] = sum / l[(i * d) + i];
            }
        }

        var p = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j < d; j++)
            {
                p[(i * d) + j] = inverse[(j * d) + i];
            }
        }

        return p;
    }
}
