namespace Crucible.Stats.Distributions;

/// <summary>How the two-sample KS p-value is computed (scipy.stats.ks_2samp's <c>method</c>).</summary>
public enum KsMethod
{
    /// <summary>Exact when max(n1, n2) ≤ 10000, asymptotic otherwise (SciPy 1.10's 'auto').</summary>
    Auto,

    /// <summary>Exact null distribution of the two-sample statistic.</summary>
    Exact,

    /// <summary>kstwo.sf(D, round(n1·n2/(n1+n2))).</summary>
    Asymptotic,
}
