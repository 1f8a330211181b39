namespace Crucible.Tabular;

/// <summary>How a <see cref="TabularReader"/> opens a file. Cells are typed by the one rule in <see cref="TabularCell"/>.</summary>
public sealed record TabularOptions
{
    /// <summary>The format; null picks it from the extension (<see cref="TabularReader.FormatOf"/>).</summary>
    public TabularFormat? Format { get; init; }

    /// <summary>The CSV field separator.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>
    /// Longest CSV record or JSON line, in characters. Bounds memory when a quote is never closed; a longer record is
    /// an error naming the line where it started.
    /// </summary>
    public int MaxRecordChars { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// JSON Lines only: when true, a key the first object lacked becomes a new column (earlier rows miss it, and a row
    /// is shorter than <see cref="ITabularRows.Columns"/> when it was read before the column appeared). When false
    /// (the default) such a key is an error: the first object fixes the columns.
    /// </summary>
    public bool AllowNewJsonKeys { get; init; }

    /// <summary>The name errors give the file; null uses the file name of the path opened (none for a stream).</summary>
    public string? SourceName { get; init; }
}
