namespace Crucible.Tabular;

/// <summary>The type one present (non-missing) cell has under <see cref="TabularCell.Classify"/>.</summary>
public enum CellKind
{
    /// <summary>Digits with an optional sign, no leading zero, at most 18 digits.</summary>
    Integer,

    /// <summary>A finite decimal or exponent number in invariant notation.</summary>
    Float,

    /// <summary><c>true</c> or <c>false</c>, any case.</summary>
    Boolean,

    /// <summary>An ISO 8601 date (<c>yyyy-MM-dd</c>) or date-time.</summary>
    DateTime,

    /// <summary>Anything else: a categorical string.</summary>
    String,
}
