namespace Crucible.Stats.LinearAlgebra;

/// <summary>
/// Solves a symmetric positive-definite system A x = b by Cholesky factorization (A row-major, k×k; only its lower
/// triangle is read). The one solver of the code base: the trainers and the multivariate drift checks use it.
/// </summary>
public static class Cholesky
{
    /// <summary>The solution, or null when A is not (numerically) positive definite. A and b are not changed.</summary>
    public static double[]? Solve(double[] a, double[] b, int k)
    {
        var l = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[(i * k) + j];
                for (var p = 0; p < j; p++)
                {
                    sum -= l[(i * k) + p] * l[(j * k) + p];
                }

                if (i == j)
                {
                    if (!(sum > 1e-12 * Math.Max(1.0, Math.Abs(a[(i * k) + i]))))
                    {
                        return null;
                    }

                    l[(i * k) + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[(i * k) + j] = sum / l[(j * k) + j];
                }
            }
        }

        var y = new double[k];
        for (var i = 0; i < k; i++)
        {
            var sum = b[i];
            for (var p = 0; p < i; p++)
            {
                sum -= l[(i * k) + p] * y[p];
            }

            y[i] = sum / l[(i * k) + i];
        }

        var x = new double[k];
        for (var i = k - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var p = i + 1; p < k; p++)
            {
                sum -= l[(p * k) + i] * x[p];
            }

            x[i] = sum / l[(i * k) + i];
        }

        return x;
    }
}
