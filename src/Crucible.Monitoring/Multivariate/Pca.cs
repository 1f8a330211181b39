using Crucible.Stats.LinearAlgebra;

namespace Crucible.Monitoring.Multivariate;

/// <summary>
/// Principal components of a row-major matrix, as scikit-learn's <c>PCA(n_components=share)</c> chooses them: the
/// smallest k whose cumulative explained variance ratio exceeds the share. Rows are reconstructed through the k
/// components; the error of a row is its Euclidean distance to the reconstruction.
/// </summary>
internal sealed class Pca
{
    private readonly double[] _mean;
    private readonly double[] _components; // k × p, row-major

    private Pca(double[] mean, double[] components, int width, double[] ratios)
    {
        _mean = mean;
        _components = components;
        Width = width;
        ExplainedVarianceRatio = ratios;
    }

    public int Width { get; }

    public int Components => ExplainedVarianceRatio.Count;

    /// <summary>Explained variance ratio of each kept component, largest first.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio { get; }

    public static Pca Fit(double[] x, int rows, int p, double varianceKept)
    {
        if (rows < 2)
        {
            throw new ArgumentException("PCA needs at least 2 reference rows.");
        }

        var mean = new double[p];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < p; j++)
            {
                mean[j] += x[(i * p) + j];
            }
        }

        for (int j = 0; j < p; j++)
        {
            mean[j] /= rows;
        }

        var cov = new double[p * p];
        var centered = new double[p];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < p; j++)
            {
                centered[j] = x[(i * p) + j] - mean[j];
            }

            for (int a = 0; a < p; a++)
            {
                for (int b = a; b < p; b++)
                {
                    cov[(a * p) + b] += centered[a] * centered[b];
                }
            }
        }

        for (int a = 0; a < p; a++)
        {
            for (int b = a; b < p; b++)
            {
                cov[(a * p) + b] /= rows - 1;
                cov[(b * p) + a] = cov[(a * p) + b];
            }
        }

        (double[] values, double[] vectors) = SymmetricEigen.Decompose(cov, p);
        double total = values.Sum(v => Math.Max(v, 0));
        if (!(total > 0))
        {
            throw new ArgumentException("The reference data has no variance: every column is constant.");
        }

        int k = 0;
        double cumulative = 0;
        while (k < p)
        {
            cumulative += Math.Max(values[k], 0) / total;
            k++;
            if (cumulative > varianceKept)
            {
                break;
            }
        }

        var components = new double[k * p];
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < p; j++)
            {
                components[(c * p) + j] = vectors[(j * p) + c];
            }
        }

        return new Pca(mean, components, p, [.. values.Take(k).Select(v => Math.Max(v, 0) / total)]);
    }

    /// <summary>Reconstruction error of each row.</summary>
    public double[] Errors(double[] x, int rows)
    {
        int p = Width, k = Components;
        var errors = new double[rows];
        var centered = new double[p];
        var scores = new double[k];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < p; j++)
            {
                centered[j] = x[(i * p) + j] - _mean[j];
            }

            for (int c = 0; c < k; c++)
            {
                double s = 0;
                for (int j = 0; j < p; j++)
                {
                    s += centered[j] * _components[(c * p) + j];
                }

                scores[c] = s;
            }

            double sum = 0;
            for (int j = 0; j < p; j++)
            {
                double r = 0;
                for (int c = 0; c < k; c++)
                {
                    r += scores[c] * _components[(c * p) + j];
                }

                double d = centered[j] - r;
                sum += d * d;
            }

            errors[i] = Math.Sqrt(sum);
        }

        return errors;
    }
}
