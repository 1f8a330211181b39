namespace Crucible.Stats.Distributions;

/// <summary>
/// Exact P(Dₙ &lt; d) for the two-sided one-sample KS statistic by Durbin's matrix formula
/// (Marsaglia, Tsang and Wang 2003): with k = ⌊nd⌋+1, m = 2k-1, h = k-nd,
/// P = n!/nⁿ · (Hⁿ)[k-1, k-1]. The matrix power is taken by squaring with a separate
/// log-scale so that nothing overflows.
/// </summary>
internal static class DurbinMatrix
{
    public static double Cdf(long n, double d)
    {
        double nd = n * d;
        int k = (int)Math.Floor(nd) + 1;
        int m = (2 * k) - 1;
        double h = k - nd;
        var hm = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                hm[(i * m) + j] = i - j + 1 >= 0 ? 1.0 : 0.0;
            }
        }

        for (int i = 0; i < m; i++)
        {
            hm[i * m] -= Math.Pow(h, i + 1);
            hm[((m - 1) * m) + i] -= Math.Pow(h, m - i);
        }

        if (2 * h - 1 > 0)
        {
            hm[(m - 1) * m] += Math.Pow((2 * h) - 1, m);
        }

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < m; j++)
            {
                int f = i - j + 1;
                if (f > 0)
                {
                    hm[(i * m) + j] /= Math.Exp(SpecialFunctions.LogGamma(f + 1));
                }
            }
        }

        (double[] power, double logScale) = Power(hm, m, n);
        double centre = power[((k - 1) * m) + k - 1];
        if (centre <= 0)
        {
            return 0.0;
        }

        double log = Math.Log(centre) + logScale + SpecialFunctions.LogGamma(n + 1.0) - (n * Math.Log(n));
        return Math.Clamp(Math.Exp(log), 0.0, 1.0);
    }

    private static (double[] Matrix, double LogScale) Power(double[] a, int m, long e)
    {
        if (e == 1)
        {
            return ((double[])a.Clone(), 0.0);
        }

        (double[] half, double halfScale) = Power(a, m, e / 2);
        double[] result = Multiply(half, half, m);
        double scale = 2 * halfScale;
        if ((e & 1) == 1)
        {
            result = Multiply(a, result, m);
        }

        double max = 0.0;
        foreach (double v in result)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        if (max > 1e100 || (max < 1e-100 && max > 0))
        {
            for (int i = 0; i < result.Length; i++)
            {
                result[i] /= max;
            }

            scale += Math.Log(max);
        }

        return (result, scale);
    }

    private static double[] Multiply(double[] a, double[] b, int m)
    {
        var c = new double[m * m];
        for (int i = 0; i < m; i++)
        {
            for (int l = 0; l < m; l++)
            {
                double ail = a[(i * m) + l];
                if (ail == 0)
                {
                    continue;
                }

                int bRow = l * m;
                int cRow = i * m;
                for (int j = 0; j < m; j++)
                {
                    c[cRow + j] += ail * b[bRow + j];
                }
            }
        }

        return c;
    }
}
