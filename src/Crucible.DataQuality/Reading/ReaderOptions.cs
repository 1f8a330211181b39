namespace Crucible.DataQuality.Reading;

/// <summary>How a <see cref="TabularReader"/> splits and interprets a file.</summary>
public sealed record ReaderOptions
{
    /// <summary>The default tokens read as a missing value in CSV (compared exactly, case-sensitive).</summary>
    public static readonly IReadOnlySet<string> DefaultNullTokens =
        new HashSet<string>(StringComparer.Ordinal) { "", "NA", "N/A", "null", "NULL", "None", "NaN", "nan" };

    /// <summary>The format; null picks it from the extension (.jsonl / .ndjson are JSON Lines, anything else CSV).</summary>
    public TabularFormat? Format { get; init; }

    /// <summary>The CSV field separator.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>CSV cells equal to one of these are missing values. JSON Lines uses JSON null and "".</summary>
    public IReadOnlySet<string> NullTokens { get; init; } = DefaultNullTokens;

    /// <summary>
    /// Longest record, in characters. Bounds memory when a quote is never closed; a longer record is an
    /// error naming the line where it started.
    /// </summary>
    public int MaxRecordChars { get; init; } = 8 * 1024 * 1024;
}
