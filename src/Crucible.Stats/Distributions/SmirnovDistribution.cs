namespace Crucible.Stats.Distributions;

/// <summary>
/// Exact one-sided Kolmogorov-Smirnov distribution (Smirnov / Birnbaum-Tingey):
/// P(Dₙ⁺ ≥ x) = x Σ_{j=0}^{⌊n(1-x)⌋} C(n,j) (1-x-j/n)^{n-j} (x+j/n)^{j-1}.
/// All terms are positive, so the sum is evaluated in log space without cancellation.
/// </summary>
public static class SmirnovDistribution
{
    /// <summary>P(Dₙ⁺ ≥ x) for a sample of size n.</summary>
    public static double Sf(long n, double x)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x <= 0)
        {
            return 1.0;
        }

        if (x >= 1)
        {
            return 0.0;
        }

        double nd = n;
        long jMax = (long)Math.Floor(nd * (1.0 - x));
        double logC = 0.0; // log C(n, 0)
        double maxLog = double.NegativeInfinity;
        double scaled = 0.0;
        double previous = double.NegativeInfinity;
        for (long j = 0; j <= jMax; j++)
        {
            if (j > 0)
            {
                logC += Math.Log((nd - j + 1) / j);
            }

            double lower = 1.0 - x - (j / nd);
            if (lower <= 0)
            {
                break;
            }

            double lt = logC + ((nd - j) * Math.Log(lower)) + ((j - 1) * Math.Log(x + (j / nd)));
            if (lt > maxLog)
            {
                scaled = (scaled * Math.Exp(maxLog - lt)) + 1.0;
                maxLog = lt;
            }
            else
            {
                scaled += Math.Exp(lt - maxLog);
                if (lt < maxLog - 50 && lt < previous)
                {
                    break; // past the single peak and negligible
                }
            }

            previous = lt;
        }

        return Math.Clamp(x * Math.Exp(maxLog) * scaled, 0.0, 1.0);
    }
}
