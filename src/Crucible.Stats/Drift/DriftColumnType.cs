namespace Crucible.Stats.Drift;

/// <summary>How a column is treated by drift tests.</summary>
public enum DriftColumnType
{
    /// <summary>Ordered numbers: KS, Wasserstein and histogram binning apply.</summary>
    Numerical,

    /// <summary>Unordered categories: one bin per distinct value.</summary>
    Categorical,
}
