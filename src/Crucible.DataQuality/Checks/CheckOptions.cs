using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>
/// Check settings. Defaults follow Deepchecks' default conditions (anchors §8) where one exists:
/// duplicates ≤ 5%, conflicting labels 0, missing ≤ 5% (PercentOfNulls), class ratio ≥ 0.1
/// (ClassImbalance), feature–label predictive power &lt; 0.8 (FeatureLabelCorrelation), train/test overlap 0,
/// new categories 0. Every threshold can be overridden with <c>with</c>.
/// </summary>
public sealed record CheckOptions
{
    public ScanOptions Scan { get; init; } = new();

    /// <summary>Label column; label checks run only when it is set.</summary>
    public string? Label { get; init; }

    /// <summary>A reference (e.g. training) file for schema, range, category, overlap, drift and outlier-cluster checks.</summary>
    public string? Reference { get; init; }

    /// <summary>An expected schema; without one the reference's schema is used, if any.</summary>
    public IReadOnlyList<ExpectedColumn>? ExpectedSchema { get; init; }

    public double MaxMissingShare { get; init; } = 0.05;

    /// <summary>A feature whose most common value covers at least this share is almost constant.</summary>
    public double AlmostConstantShare { get; init; } = 0.99;

    public double MaxDuplicateShare { get; init; } = 0.05;

    public double MaxConflictingLabelShare { get; init; }

    /// <summary>Least frequent class count / most frequent class count below this warns.</summary>
    public double MinClassRatio { get; init; } = 0.1;

    public double MaxMixedTypeShare { get; init; }

    public double MaxOutOfRangeShare { get; init; } = 0.01;

    public double MaxNewCategoryShare { get; init; }

    /// <summary>Tukey fences: values below Q1 − f·IQR or above Q3 + f·IQR are outliers (3 = "far out").</summary>
    public double OutlierIqrFactor { get; init; } = 3.0;

    public double MaxOutlierShare { get; init; } = 0.01;

    /// <summary>Single-feature predictive power (0 = no better than the majority class, 1 = perfect) at or above this fails.</summary>
    public double MaxLeakageScore { get; init; } = 0.8;

    public double MaxTrainTestOverlap { get; init; }

    /// <summary>Nearest neighbours compared with each row's label.</summary>
    public int Neighbours { get; init; } = 5;

    /// <summary>Rows (from the seeded sample) the neighbour check looks at; it is O(n²).</summary>
    public int NeighbourSampleSize { get; init; } = 2_000;

    /// <summary>Share of rows whose k neighbours unanimously hold another label above this warns.</summary>
    public double MaxNeighbourDisagreement { get; init; } = 0.01;

    /// <summary>Outlier share (against the reference's fences) above the reference's own by more than this warns.</summary>
    public double MaxOutlierExcess { get; init; } = 0.02;

    /// <summary>Labels with at most this many distinct values are classes; more (numeric) is regression.</summary>
    public int MaxClasses { get; init; } = 20;
}
