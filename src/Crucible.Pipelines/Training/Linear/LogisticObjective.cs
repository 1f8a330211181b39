namespace Crucible.Pipelines.Training.Linear;

/// <summary>
/// ½·Σ(v_j/σ_j)² + C·Σ log-loss over standardized features z (row-major n×d); θ = (v, intercept). The penalty
/// weights 1/σ_j² make this sklearn's ½‖w‖² on the raw features.
/// </summary>
internal sealed class LogisticObjective(double[] z, double[] y, int d, double c, double[] scales)
{
    private readonly int _n = y.Length;

    public double Value(double[] theta)
    {
        var loss = 0.0;
        for (var i = 0; i < _n; i++)
        {
            var m = Margin(theta, i);
            loss += Softplus(m) - (y[i] * m);
        }

        return (c * loss) + Penalty(theta);
    }

    /// <summary>The objective, its gradient and its Hessian (row-major (d+1)²).</summary>
    public double Evaluate(double[] theta, out double[] gradient, out double[] hessian)
    {
        var k = d + 1;
        gradient = new double[k];
        hessian = new double[k * k];
        var loss = 0.0;
        for (var i = 0; i < _n; i++)
        {
            var m = Margin(theta, i);
            loss += Softplus(m) - (y[i] * m);
            var p = 1.0 / (1.0 + Math.Exp(-m));
            var residual = c * (p - y[i]);
            var weight = c * p * (1.0 - p);
            var row = z.AsSpan(i * d, d);
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
            var lambda = 1.0 / (scales[j] * scales[j]);
            gradient[j] += lambda * theta[j];
            hessian[(j * k) + j] += lambda;
        }

        for (var j = 0; j < k; j++)
        {
            for (var l = j + 1; l < k; l++)
            {
                hessian[(j * k) + l] = hessian[(l * k) + j];
            }
        }

        return (c * loss) + Penalty(theta);
    }

    private double Margin(double[] theta, int i)
    {
        var m = theta[d];
        var row = z.AsSpan(i * d, d);
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
            var w = theta[j] / scales[j];
            sum += w * w;
        }

        return 0.5 * sum;
    }

    private static double Softplus(double m) => m > 0 ? m + double.LogP1(Math.Exp(-m)) : double.LogP1(Math.Exp(m));
}
