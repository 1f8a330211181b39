namespace Crucible.Pipelines.Training.Linear;

/// <summary>
/// Column means and standard deviations (a constant column gets scale 1), and the standardized copy of the features the
/// linear solvers work on; coefficients found on that scale fold back with <see cref="Unscale"/>.
/// </summary>
internal sealed class Standardizer
{
    private Standardizer(double[] means, double[] scales)
    {
        Means = means;
        Scales = scales;
    }

    public double[] Means { get; }

    public double[] Scales { get; }

    public static Standardizer Fit(TrainingData data)
    {
        var (n, d) = (data.Rows, data.Columns);
        var means = new double[d];
        var squares = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = data.Features.AsSpan(i * d, d);
            for (var j = 0; j < d; j++)
            {
                means[j] += row[j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            means[j] /= n;
        }

        for (var i = 0; i < n; i++)
        {
            var row = data.Features.AsSpan(i * d, d);
            for (var j = 0; j < d; j++)
            {
                var c = row[j] - means[j];
                squares[j] += c * c;
            }
        }

        var scales = squares.Select(s => Math.Sqrt(s / n) is var sd && sd > 1e-12 ? sd : 1.0).ToArray();
        return new Standardizer(means, scales);
    }

    /// <summary>Row-major standardized features.</summary>
    public double[] Transform(TrainingData data)
    {
        var (n, d) = (data.Rows, data.Columns);
        var z = new double[n * d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                z[(i * d) + j] = (data.Features[(i * d) + j] - Means[j]) / Scales[j];
            }
        }

        return z;
    }

    /// <summary>Coefficients and intercept on the original feature scale from those on the standardized scale.</summary>
    public (double[] Coefficients, double Intercept) Unscale(ReadOnlySpan<double> coefficients, double intercept)
    {
        var w = new double[coefficients.Length];
        for (var j = 0; j < w.Length; j++)
        {
            w[j] = coefficients[j] / Scales[j];
            intercept -= w[j] * Means[j];
        }

        return (w, intercept);
    }
}
