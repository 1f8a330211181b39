using System.Globalization;

namespace Crucible.Tabular;

/// <summary>
/// Where a row is in its file: the line it starts on (CSV, JSON Lines) or its row group and row within the group
/// (Parquet), all 1-based.
/// </summary>
public readonly record struct TabularPosition
{
    /// <summary>The 1-based line, or null for Parquet.</summary>
    public long? Line { get; init; }

    /// <summary>The 1-based row group (Parquet), or null.</summary>
    public int? RowGroup { get; init; }

    /// <summary>The 1-based row within <see cref="RowGroup"/> (Parquet), or null.</summary>
    public long? Row { get; init; }

    public static TabularPosition AtLine(long line) => new() { Line = line };

    public static TabularPosition InRowGroup(int rowGroup, long row) => new() { RowGroup = rowGroup, Row = row };

    /// <summary><c>line 3</c> or <c>row group 2, row 17</c>.</summary>
    public override string ToString() => RowGroup is { } g
        ? string.Create(CultureInfo.InvariantCulture, $"row group {g}, row {Row}")
        : string.Create(CultureInfo.InvariantCulture, $"line {Line}");
}
