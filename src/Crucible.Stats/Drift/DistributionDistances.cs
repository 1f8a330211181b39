namespace Crucible.Stats.Drift;

/// <summary>Distances and divergences between two discrete distributions given as shares.</summary>
public static class DistributionDistances
{
    /// <summary>
    /// scipy.spatial.distance.jensenshannon: both inputs renormalised, m = (p+q)/2,
    /// sqrt((KL(p‖m) + KL(q‖m)) / 2 / ln(base)).
    /// </summary>
    public static double JensenShannon(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double? logBase = null)
    {
        CheckAligned(p, q);
        double sp = Sum(p), sq = Sum(q);
        double js = 0.0;
        for (int i = 0; i < p.Length; i++)
        {
            double pi = p[i] / sp, qi = q[i] / sq;
            double m = (pi + qi) / 2.0;
            js += RelativeEntropy(pi, m) + RelativeEntropy(qi, m);
        }

        if (logBase is double b)
        {
            js /= Math.Log(b);
        }

        return Math.Sqrt(js / 2.0);
    }

    /// <summary>Population stability index Σ (r - c)·ln(r / c) (shares must be positive).</summary>
    public static double Psi(ReadOnlySpan<double> reference, ReadOnlySpan<double> current)
    {
        CheckAligned(reference, current);
        double s = 0.0;
        for (int i = 0; i < reference.Length; i++)
        {
            s += (reference[i] - current[i]) * Math.Log(reference[i] / current[i]);
        }

        return s;
    }

    /// <summary>Hellinger distance sqrt(1 - Σ sqrt(pᵢqᵢ)) with the Bhattacharyya sum clipped to [0, 1].</summary>
    public static double Hellinger(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        CheckAligned(p, q);
        double bc = 0.0;
        for (int i = 0; i < p.Length; i++)
        {
            bc += Math.Sqrt(p[i] * q[i]);
        }

        return Math.Sqrt(1.0 - Math.Clamp(bc, 0.0, 1.0));
    }

    /// <summary>L-infinity distance max |pᵢ - qᵢ|.</summary>
    public static double LInfinity(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        CheckAligned(p, q);
        double m = 0.0;
        for (int i = 0; i < p.Length; i++)
        {
            m = Math.Max(m, Math.Abs(p[i] - q[i]));
        }

        return m;
    }

    /// <summary>
    /// Evidently's zero fill: zero shares become 0.0001, or min(non-zero)/1e6 when that minimum is
    /// ≤ 0.0001, so logarithms stay finite. Returns a new array.
    /// </summary>
    public static double[] FillZeroes(ReadOnlySpan<double> shares)
    {
        double min = double.PositiveInfinity;
        foreach (double s in shares)
        {
            if (s != 0)
            {
                min = Math.Min(min, s);
            }
        }

        double fill = min <= 0.0001 ? min / 1e6 : 0.0001;
        double[] result = shares.ToArray();
        for (int i = 0; i < result.Length; i++)
        {
            if (result[i] == 0)
            {
                result[i] = fill;
            }
        }

        return result;
    }

    private static double RelativeEntropy(double x, double y)
    {
        if (x > 0 && y > 0)
        {
            return x * Math.Log(x / y);
        }

        return x == 0 && y >= 0 ? 0.0 : double.PositiveInfinity;
    }

    private static double Sum(ReadOnlySpan<double> v)
    {
        double s = 0.0;
        foreach (double x in v)
        {
            s += x;
        }

        return s;
    }

    private static void CheckAligned(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        if (p.Length != q.Length)
        {
            throw new ArgumentException("Distributions must have the same number of bins.");
        }
    }
}
