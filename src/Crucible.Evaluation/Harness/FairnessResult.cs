namespace Crucible.Evaluation.Harness;

/// <summary>Fairness names used in JSON and in gate expressions (with short aliases dp_*, eo_*).</summary>
public static class FairnessNames
{
    public const string DemographicParityDifference = "demographic_parity_difference";
    public const string DemographicParityRatio = "demographic_parity_ratio";
    public const string EqualizedOddsDifference = "equalized_odds_difference";
    public const string EqualizedOddsRatio = "equalized_odds_ratio";
    public const string EqualOpportunityDifference = "equal_opportunity_difference";
    public const string EqualOpportunityRatio = "equal_opportunity_ratio";

    /// <summary>Short names accepted by gates, mapped to the full names.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["dp_difference"] = DemographicParityDifference,
        ["dp_ratio"] = DemographicParityRatio,
        ["eo_difference"] = EqualizedOddsDifference,
        ["eo_ratio"] = EqualizedOddsRatio,
        ["eop_difference"] = EqualOpportunityDifference,
        ["eop_ratio"] = EqualOpportunityRatio,
    };
}

/// <summary>Group rates and disparities over a sensitive column (binary task).</summary>
public sealed record FairnessResult
{
    public required string SensitiveColumn { get; init; }

    /// <summary>The reference group of the 80% rule: the largest group that meets the minimum size.</summary>
    public string? ReferenceGroup { get; init; }

    /// <summary>The disparity tolerance tau (fair when tau &lt;= disparity &lt;= 1/tau).</summary>
    public double Tau { get; init; }

    /// <summary>Fairlearn-style differences and ratios between groups (see <see cref="FairnessNames"/>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, ConfidenceInterval> Intervals { get; init; } = new Dictionary<string, ConfidenceInterval>();

    public IReadOnlyList<FairnessGroup> Groups { get; init; } = [];

    /// <summary>True when every measured group passes the 80% rule.</summary>
    public bool AllGroupsFair { get; init; }
}

/// <summary>One group's base rates and its 80%-rule verdict.</summary>
public sealed record FairnessGroup
{
    public required string Group { get; init; }

    public int Count { get; init; }

    /// <summary>Below the minimum size: excluded from the disparities, no verdict.</summary>
    public bool Skipped { get; init; }

    /// <summary>(Weighted) share of rows predicted positive.</summary>
    public double SelectionRate { get; init; }

    /// <summary>TP / (TP + FN); 0 when the group has no positive label.</summary>
    public double TruePositiveRate { get; init; }

    /// <summary>FP / (FP + TN); 0 when the group has no negative label.</summary>
    public double FalsePositiveRate { get; init; }

    /// <summary>Selection rate divided by the reference group's (NaN when that is 0).</summary>
    public double Disparity { get; init; }

    /// <summary>The 80% rule: tau &lt;= disparity &lt;= 1/tau; null for skipped groups.</summary>
    public bool? Fair { get; init; }
}
