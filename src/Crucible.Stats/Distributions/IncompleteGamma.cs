namespace Crucible.Stats.Distributions;

/// <summary>
/// Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x):
/// power series for x &lt; a + 1, Legendre continued fraction (modified Lentz) otherwise.
/// </summary>
public static class IncompleteGamma
{
    private const int MaxIterations = 100_000;
    private const double Epsilon = 1e-16;

    /// <summary>Regularized lower incomplete gamma P(a, x).</summary>
    public static double LowerRegularized(double a, double x)
    {
        Validate(a, x);
        if (x == 0)
        {
            return 0.0;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 1.0;
        }

        return x < a + 1 ? Series(a, x) : 1.0 - ContinuedFraction(a, x);
    }

    /// <summary>Regularized upper incomplete gamma Q(a, x).</summary>
    public static double UpperRegularized(double a, double x)
    {
        Validate(a, x);
        if (x == 0)
        {
            return 1.0;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0.0;
        }

        return x < a + 1 ? 1.0 - Series(a, x) : ContinuedFraction(a, x);
    }

    private static void Validate(double a, double x)
    {
        if (!(a > 0) || double.IsNaN(x) || x < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(a), "Incomplete gamma needs a > 0 and x >= 0.");
        }
    }

    private static double Prefactor(double a, double x) =>
        Math.Exp((a * Math.Log(x)) - x - SpecialFunctions.LogGamma(a));

    // P(a,x) = e^{-x} x^a / Γ(a) · Σ_{n≥0} x^n / (a (a+1) … (a+n))
    private static double Series(double a, double x)
    {
        double ap = a;
        double term = 1.0 / a;
        double sum = term;
        for (int n = 0; n < MaxIterations; n++)
        {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * Epsilon)
            {
                break;
            }
        }

        return Math.Min(1.0, sum * Prefactor(a, x));
    }

    // Q(a,x) = e^{-x} x^a / Γ(a) · 1/(x+1-a- 1·(1-a)/(x+3-a- 2·(2-a)/(x+5-a- …)))
    private static double ContinuedFraction(double a, double x)
    {
        const double tiny = 1e-300;
        double b = x + 1.0 - a;
        double c = 1.0 / tiny;
        double d = 1.0 / b;
        double h = d;
        for (int i = 1; i < MaxIterations; i++)
        {
            double an = -i * (i - a);
            b += 2.0;
            d = (an * d) + b;
            d = Math.Abs(d) < tiny ? tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1.0 / d;
            double delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1.0) < Epsilon)
            {
                break;
            }
        }

        return Math.Max(0.0, Prefactor(a, x) * h);
    }
}
