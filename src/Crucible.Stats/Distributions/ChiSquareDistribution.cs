namespace Crucible.Stats.Distributions;

/// <summary>Chi-square distribution with k degrees of freedom: CDF = P(k/2, x/2).</summary>
public static class ChiSquareDistribution
{
    /// <summary>P(X ≤ x).</summary>
    public static double Cdf(double x, double degreesOfFreedom)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        return x <= 0 ? 0.0 : IncompleteGamma.LowerRegularized(degreesOfFreedom / 2.0, x / 2.0);
    }

    /// <summary>P(X &gt; x), accurate in the upper tail.</summary>
    public static double Sf(double x, double degreesOfFreedom)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        return x <= 0 ? 1.0 : IncompleteGamma.UpperRegularized(degreesOfFreedom / 2.0, x / 2.0);
    }
}
