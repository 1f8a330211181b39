namespace Crucible.Stats.Drift;

/// <summary>When a test reports drift.</summary>
public enum DriftRule
{
    /// <summary>p-value ≤ threshold.</summary>
    PValueAtMost,

    /// <summary>p-value &lt; threshold.</summary>
    PValueBelow,

    /// <summary>statistic ≥ threshold.</summary>
    StatisticAtLeast,
}

/// <summary>Static facts about a registered test.</summary>
/// <param name="Name">Registered name.</param>
/// <param name="DefaultThreshold">Threshold used when none is given.</param>
/// <param name="Rule">Decision rule.</param>
/// <param name="NumericalOnly">True when the test needs ordered values (KS, Wasserstein).</param>
public sealed record DriftTestDescriptor(string Name, double DefaultThreshold, DriftRule Rule, bool NumericalOnly)
{
    /// <summary>True when the test produces a p-value.</summary>
    public bool HasPValue => Rule != DriftRule.StatisticAtLeast;

    /// <summary>Applies the rule to a statistic / p-value.</summary>
    public bool IsDrift(double statistic, double? pValue, double threshold) => Rule switch
    {
        DriftRule.PValueAtMost => pValue <= threshold,
        DriftRule.PValueBelow => pValue < threshold,
        _ => statistic >= threshold,
    };
}

/// <summary>Registry of the drift tests, with Evidently's default thresholds and rules.</summary>
public static class DriftTestCatalog
{
    private static readonly Dictionary<string, DriftTestDescriptor> ByName = new(StringComparer.Ordinal)
    {
        [DriftTestNames.KolmogorovSmirnov] = new(DriftTestNames.KolmogorovSmirnov, 0.05, DriftRule.PValueAtMost, true),
        [DriftTestNames.ChiSquare] = new(DriftTestNames.ChiSquare, 0.05, DriftRule.PValueBelow, false),
        [DriftTestNames.ZTest] = new(DriftTestNames.ZTest, 0.05, DriftRule.PValueBelow, false),
        [DriftTestNames.Wasserstein] = new(DriftTestNames.Wasserstein, 0.1, DriftRule.StatisticAtLeast, true),
        [DriftTestNames.JensenShannon] = new(DriftTestNames.JensenShannon, 0.1, DriftRule.StatisticAtLeast, false),
        [DriftTestNames.Psi] = new(DriftTestNames.Psi, 0.1, DriftRule.StatisticAtLeast, false),
        [DriftTestNames.Hellinger] = new(DriftTestNames.Hellinger, 0.1, DriftRule.StatisticAtLeast, false),
        [DriftTestNames.LInfinity] = new(DriftTestNames.LInfinity, 0.1, DriftRule.StatisticAtLeast, false),
    };

    /// <summary>All registered tests.</summary>
    public static IReadOnlyCollection<DriftTestDescriptor> All => ByName.Values;

    /// <summary>Looks a test up by name; throws <see cref="ArgumentException"/> for unknown names.</summary>
    public static DriftTestDescriptor Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ByName.TryGetValue(name, out DriftTestDescriptor? d)
            ? d
            : throw new ArgumentException($"Unknown drift test '{name}'. Known: {string.Join(", ", ByName.Keys)}.", nameof(name));
    }
}
