namespace Crucible.Stats.Drift;

/// <summary>A chosen test and its threshold.</summary>
/// <param name="Test">Test name.</param>
/// <param name="Threshold">Threshold to use.</param>
public sealed record DriftTestChoice(string Test, double Threshold);

/// <summary>Evidently's default per-column test rule (anchors §1).</summary>
public static class DriftTestSelector
{
    /// <summary>Reference sizes up to this use p-value tests; larger ones use distances.</summary>
    public const long SmallReferenceLimit = 1000;

    /// <summary>
    /// Picks the default test. uniqueCount is the number of distinct non-missing values in
    /// reference and current combined. n_ref ≤ 1000: numerical with &gt; 5 distinct → ks;
    /// ≤ 2 distinct → z; otherwise chisquare. n_ref &gt; 1000: numerical with &gt; 5 distinct →
    /// wasserstein (normed, 0.1); otherwise jensenshannon (0.1).
    /// </summary>
    public static DriftTestChoice Default(long referenceSize, DriftColumnType columnType, long uniqueCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(referenceSize);
        ArgumentOutOfRangeException.ThrowIfNegative(uniqueCount);
        bool numericalMany = columnType == DriftColumnType.Numerical && uniqueCount > 5;
        string test;
        if (referenceSize <= SmallReferenceLimit)
        {
            test = numericalMany ? DriftTestNames.KolmogorovSmirnov
                : uniqueCount <= 2 ? DriftTestNames.ZTest
                : DriftTestNames.ChiSquare;
        }
        else
        {
            test = numericalMany ? DriftTestNames.Wasserstein : DriftTestNames.JensenShannon;
        }

        return new DriftTestChoice(test, DriftTestCatalog.Get(test).DefaultThreshold);
    }
}
