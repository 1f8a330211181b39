namespace Crucible.Stats.Profiles;

/// <summary>What a profiled column holds, inferred from the values seen.</summary>
public enum ColumnKind
{
    /// <summary>No non-null value was seen.</summary>
    Empty,

    /// <summary>Only numbers (finite, NaN or infinite) were seen.</summary>
    Numeric,

    /// <summary>Strings (or a mix of strings and numbers) with repeated values.</summary>
    Categorical,

    /// <summary>Strings that are nearly all distinct (ids, free text): not tested for drift by default.</summary>
    Text,
}
