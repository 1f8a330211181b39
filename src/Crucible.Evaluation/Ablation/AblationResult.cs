using Crucible.Evaluation.Harness;

namespace Crucible.Evaluation.Ablation;

/// <summary>Settings of permutation importance and drop-column comparison.</summary>
/// <param name="Repeats">Permutations per feature.</param>
/// <param name="Seed">Seed of <c>new Random(seed)</c> for the permutations.</param>
/// <param name="Metric">The metric whose loss is measured; the task's headline metric when null.</param>
public sealed record AblationSettings(int Repeats = 5, int Seed = 0, string? Metric = null);

/// <summary>How much each feature matters to one metric.</summary>
public sealed record AblationResult
{
    public required string Metric { get; init; }

    /// <summary>The metric on the untouched data.</summary>
    public double Baseline { get; init; }

    /// <summary>Per feature: loss of the metric when the column is shuffled (mean over repeats).</summary>
    public IReadOnlyList<FeatureImportance> Permutation { get; init; } = [];

    /// <summary>Per feature: loss of the metric when the column is replaced by its mean or mode.</summary>
    public IReadOnlyList<FeatureImportance> DropColumn { get; init; } = [];
}

/// <summary>
/// One feature's importance: how much worse the metric gets (positive = the feature helps), its spread, and an interval
/// (percentiles of the repeats for permutation; a paired bootstrap of the difference for drop-column).
/// </summary>
public sealed record FeatureImportance
{
    public required string Feature { get; init; }

    public double Importance { get; init; }

    public double StandardDeviation { get; init; }

    public ConfidenceInterval? Interval { get; init; }

    /// <summary>Drop-column only: the constant that replaced the column, and whether it is the mode (else the mean).</summary>
    public double? Replacement { get; init; }

    public bool? ReplacedByMode { get; init; }
}
