namespace Crucible.Stats.Distributions;

/// <summary>
/// Limiting Kolmogorov distribution of √n·Dₙ (what scipy.special.kolmogorov returns as the SF):
/// SF(x) = 2 Σ_{k≥1} (-1)^{k-1} e^{-2k²x²}, and for small x the Jacobi-theta form
/// CDF(x) = √(2π)/x Σ_{k≥1} e^{-(2k-1)²π²/(8x²)}, which converges fast there.
/// </summary>
public static class KolmogorovDistribution
{
    private const double SwitchPoint = 0.82;

    /// <summary>P(K ≤ x).</summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x <= 0)
        {
            return 0.0;
        }

        return x < SwitchPoint ? ThetaCdf(x) : 1.0 - AlternatingSf(x);
    }

    /// <summary>P(K &gt; x).</summary>
    public static double Sf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x <= 0)
        {
            return 1.0;
        }

        return x < SwitchPoint ? 1.0 - ThetaCdf(x) : AlternatingSf(x);
    }

    private static double AlternatingSf(double x)
    {
        double sum = 0.0;
        double sign = 1.0;
        for (int k = 1; k < 100; k++)
        {
            double term = Math.Exp(-2.0 * k * k * x * x);
            sum += sign * term;
            sign = -sign;
            if (term < 1e-18)
            {
                break;
            }
        }

        return Math.Clamp(2.0 * sum, 0.0, 1.0);
    }

    private static double ThetaCdf(double x)
    {
        double sum = 0.0;
        double w = Math.PI * Math.PI / (8.0 * x * x);
        for (int k = 1; k < 100; k++)
        {
            double odd = (2 * k) - 1;
            double term = Math.Exp(-odd * odd * w);
            sum += term;
            if (term < 1e-18 * sum)
            {
                break;
            }
        }

        return Math.Clamp(Math.Sqrt(2 * Math.PI) / x * sum, 0.0, 1.0);
    }
}
