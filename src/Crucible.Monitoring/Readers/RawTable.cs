namespace Crucible.Monitoring.Readers;

/// <summary>A column read fully into memory: numbers (missing = NaN) or strings (missing = null).</summary>
/// <param name="Name">Column name.</param>
/// <param name="Numbers">Values of a numeric column, else null.</param>
/// <param name="Strings">Values of a categorical column, else null.</param>
public sealed record RawColumn(string Name, double[]? Numbers, string?[]? Strings)
{
    /// <summary>True for a numeric column.</summary>
    public bool IsNumeric => Numbers is not null;
}

/// <summary>A small data file read fully into memory.</summary>
/// <param name="RowCount">Rows read.</param>
/// <param name="Columns">Columns in file order.</param>
public sealed record RawTable(long RowCount, IReadOnlyList<RawColumn> Columns);
