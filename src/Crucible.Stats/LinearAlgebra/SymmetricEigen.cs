namespace Crucible.Stats.LinearAlgebra;

/// <summary>Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations (accurate to rounding).</summary>
public static class SymmetricEigen
{
    /// <summary>
    /// Eigenvalues in descending order and the matching unit eigenvectors as the columns of a row-major p × p matrix.
    /// The input (row-major p × p) is not modified.
    /// </summary>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int p)
    {
        double[] a = (double[])matrix.Clone();
        var v = new double[p * p];
        for (int i = 0; i < p; i++)
        {
            v[(i * p) + i] = 1;
        }

        for (int sweep = 0; sweep < 100 && OffDiagonal(a, p) > 1e-30 * Math.Max(1e-300, Diagonal(a, p)); sweep++)
        {
            for (int k = 0; k < p - 1; k++)
            {
                for (int l = k + 1; l < p; l++)
                {
                    Rotate(a, v, p, k, l);
                }
            }
        }

        int[] order = [.. Enumerable.Range(0, p).OrderByDescending(i => a[(i * p) + i])];
        double[] values = [.. order.Select(i => a[(i * p) + i])];
        var vectors = new double[p * p];
        for (int c = 0; c < p; c++)
        {
            for (int r = 0; r < p; r++)
            {
                vectors[(r * p) + c] = v[(r * p) + order[c]];
            }
        }

        return (values, vectors);
    }

    private static void Rotate(double[] a, double[] v, int p, int k, int l)
    {
        double akl = a[(k * p) + l];
        if (akl == 0)
        {
            return;
        }

        double theta = (a[(l * p) + l] - a[(k * p) + k]) / (2 * akl);
        double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
        double c = 1 / Math.Sqrt((t * t) + 1), s = t * c;
        for (int i = 0; i < p; i++)
        {
            double aik = a[(i * p) + k], ail = a[(i * p) + l];
            a[(i * p) + k] = (c * aik) - (s * ail);
            a[(i * p) + l] = (s * aik) + (c * ail);
        }

        for (int i = 0; i < p; i++)
        {
            double aki = a[(k * p) + i], ali = a[(l * p) + i];
            a[(k * p) + i] = (c * aki) - (s * ali);
            a[(l * p) + i] = (s * aki) + (c * ali);
        }

        for (int i = 0; i < p; i++)
        {
            double vik = v[(i * p) + k], vil = v[(i * p) + l];
            v[(i * p) + k] = (c * vik) - (s * vil);
            v[(i * p) + l] = (s * vik) + (c * vil);
        }
    }

    private static double OffDiagonal(double[] a, int p)
    {
        double sum = 0;
        for (int i = 0; i < p; i++)
        {
            for (int j = i + 1; j < p; j++)
            {
                sum += a[(i * p) + j] * a[(i * p) + j];
            }
        }

        return sum;
    }

    private static double Diagonal(double[] a, int p)
    {
        double sum = 0;
        for (int i = 0; i < p; i++)
        {
            sum += a[(i * p) + i] * a[(i * p) + i];
        }

        return sum;
    }
}
