namespace Crucible.Stats.Distributions;

/// <summary>Standard normal distribution via erfc (accurate in both tails).</summary>
public static class NormalDistribution
{
    private const double InvSqrt2 = 0.70710678118654752440;

    /// <summary>P(Z ≤ x).</summary>
    public static double Cdf(double x) => 0.5 * SpecialFunctions.Erfc(-x * InvSqrt2);

    /// <summary>P(Z &gt; x) = 1 - Cdf(x) without cancellation.</summary>
    public static double Sf(double x) => 0.5 * SpecialFunctions.Erfc(x * InvSqrt2);

    /// <summary>Two-sided p-value 2·P(Z &gt; |z|), clipped to [0, 1].</summary>
    public static double TwoSidedPValue(double z) =>
        double.IsNaN(z) ? double.NaN : Math.Min(1.0, 2.0 * Sf(Math.Abs(z)));
}
