namespace Crucible.Monitoring.Multivariate;

/// <summary>
/// Binary logistic regression with an L2 penalty on the weights (not the intercept), fitted by Newton's method:
/// minimizes Σ log-loss + λ/2 ‖w‖². Rows are row-major in <c>x</c> (n × q).
/// </summary>
internal sealed class LogisticRegression
{
    private const int MaxIterations = 50;
    private readonly double[] _beta; // intercept first

    private LogisticRegression(double[] beta) => _beta = beta;

    public static LogisticRegression Fit(double[] x, int q, IReadOnlyList<int> rows, int[] y, double l2)
    {
        int d = q + 1;
        var beta = new double[d];
        var gradient = new double[d];
        var hessian = new double[d * d];
        var row = new double[d];
        for (int iteration = 0; iteration < MaxIterations; iteration++)
        {
            Array.Clear(gradient);
            Array.Clear(hessian);
            foreach (int i in rows)
            {
                row[0] = 1;
                Array.Copy(x, i * q, row, 1, q);
                double p = Sigmoid(Dot(beta, row));
                double w = Math.Max(p * (1 - p), 1e-12), residual = p - y[i];
                for (int a = 0; a < d; a++)
                {
                    gradient[a] += residual * row[a];
                    double wa = w * row[a];
                    for (int b = a; b < d; b++)
                    {
                        hessian[(a * d) + b] += wa * row[b];
                    }
                }
            }

            for (int a = 1; a < d; a++)
            {
                gradient[a] += l2 * beta[a];
                hessian[(a * d) + a] += l2;
            }

            double[] step = Cholesky.Solve(hessian, gradient, d);
            double largest = 0;
            for (int a = 0; a < d; a++)
            {
                beta[a] -= step[a];
                largest = Math.Max(largest, Math.Abs(step[a]));
            }

            if (largest < 1e-8)
            {
                break;
            }
        }

        return new LogisticRegression(beta);
    }

    /// <summary>The linear score (log-odds) of row i: ranks exactly as the probability does.</summary>
    public double Score(double[] x, int q, int i)
    {
        double s = _beta[0];
        for (int j = 0; j < q; j++)
        {
            s += _beta[j + 1] * x[(i * q) + j];
        }

        return s;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}

/// <summary>Solves a symmetric positive-definite system (only the upper triangle of the row-major matrix is read).</summary>
internal static class Cholesky
{
    public static double[] Solve(double[] upper, double[] rhs, int d)
    {
        var l = new double[d * d];
        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = upper[(j * d) + i];
                for (int k = 0; k < j; k++)
                {
                    s -= l[(i * d) + k] * l[(j * d) + k];
                }

                l[(i * d) + j] = i == j ? Math.Sqrt(Math.Max(s, 1e-12)) : s / l[(j * d) + j];
            }
        }

        var z = new double[d];
        for (int i = 0; i < d; i++)
        {
            double s = rhs[i];
            for (int k = 0; k < i; k++)
            {
                s -= l[(i * d) + k] * z[k];
            }

            z[i] = s / l[(i * d) + i];
        }

        var x = new double[d];
        for (int i = d - 1; i >= 0; i--)
        {
            double s = z[i];
            for (int k = i + 1; k < d; k++)
            {
                s -= l[(k * d) + i] * x[k];
            }

            x[i] = s / l[(i * d) + i];
        }

        return x;
    }
}
