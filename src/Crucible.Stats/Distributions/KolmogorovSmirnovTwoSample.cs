namespace Crucible.Stats.Distributions;

/// <summary>Result of a two-sided two-sample KS test.</summary>
/// <param name="Statistic">D = sup |F₁ - F₂|.</param>
/// <param name="PValue">P(D ≥ observed) under the null.</param>
/// <param name="Method">The method actually used.</param>
public readonly record struct KsTestResult(double Statistic, double PValue, KsMethod Method);

/// <summary>
/// Two-sided two-sample Kolmogorov-Smirnov test with SciPy 1.10 <c>ks_2samp(method='auto')</c>
/// semantics: exact p-value when max(n1, n2) ≤ 10000, else kstwo.sf(D, round(n1n2/(n1+n2))).
/// Ties are handled by evaluating both ECDFs (right-continuous) at every observed value.
/// </summary>
public static class KolmogorovSmirnovTwoSample
{
    /// <summary>Largest sample size for which 'auto' picks the exact method (SciPy's MAX_AUTO_N).</summary>
    public const int MaxAutoExactSize = 10_000;

    /// <summary>Runs the test on raw samples (NaNs are not allowed).</summary>
    public static KsTestResult Test(ReadOnlySpan<double> sample1, ReadOnlySpan<double> sample2, KsMethod method = KsMethod.Auto)
    {
        if (sample1.IsEmpty || sample2.IsEmpty)
        {
            throw new ArgumentException("Both samples must be non-empty.");
        }

        double[] a = sample1.ToArray();
        double[] b = sample2.ToArray();
        Array.Sort(a);
        Array.Sort(b);
        return FromSorted(a, b, method);
    }

    /// <summary>Runs the test on two already sorted samples.</summary>
    public static KsTestResult FromSorted(ReadOnlySpan<double> sorted1, ReadOnlySpan<double> sorted2, KsMethod method = KsMethod.Auto)
    {
        double d = Statistic(sorted1, sorted2);
        return PValue(d, sorted1.Length, sorted2.Length, method);
    }

    /// <summary>D = max over observed values of |F₁(x) - F₂(x)| for sorted samples.</summary>
    public static double Statistic(ReadOnlySpan<double> sorted1, ReadOnlySpan<double> sorted2)
    {
        int n1 = sorted1.Length;
        int n2 = sorted2.Length;
        int i = 0, j = 0;
        double d = 0.0;
        while (i < n1 || j < n2)
        {
            double x = i < n1 && (j >= n2 || sorted1[i] <= sorted2[j]) ? sorted1[i] : sorted2[j];
            while (i < n1 && sorted1[i] <= x)
            {
                i++;
            }

            while (j < n2 && sorted2[j] <= x)
            {
                j++;
            }

            double diff = Math.Abs(((double)i / n1) - ((double)j / n2));
            d = Math.Max(d, diff);
        }

        return d;
    }

    /// <summary>P-value for an observed D with sample sizes n1 and n2.</summary>
    public static KsTestResult PValue(double d, long n1, long n2, KsMethod method = KsMethod.Auto)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n2, 1);
        if (method == KsMethod.Auto)
        {
            method = Math.Max(n1, n2) <= MaxAutoExactSize ? KsMethod.Exact : KsMethod.Asymptotic;
        }

        if (method == KsMethod.Exact && n1 <= int.MaxValue && n2 <= int.MaxValue
            && ExactTwoSampleKs.TryPValue((int)n1, (int)n2, d, out double rounded, out double exact))
        {
            return new KsTestResult(rounded, Math.Clamp(exact, 0.0, 1.0), KsMethod.Exact);
        }

        double m = Math.Max(n1, n2);
        double n = Math.Min(n1, n2);
        double en = m * n / (m + n);
        long effective = Math.Max(1, (long)Math.Round(en, MidpointRounding.ToEven));
        double p = KolmogorovSmirnovDistribution.Sf(effective, d);
        return new KsTestResult(d, Math.Clamp(p, 0.0, 1.0), KsMethod.Asymptotic);
    }
}
