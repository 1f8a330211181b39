using System.Diagnostics.CodeAnalysis;

namespace Crucible.Tabular;

/// <summary>Rows of one table, read once in order: a file (<see cref="TabularReader"/>) or a folder of files sharing one header (<see cref="TabularFolder"/>).</summary>
public interface ITabularRows : IDisposable
{
    IReadOnlyList<string> Columns { get; }

    TabularFormat Format { get; }

    /// <summary>Where the last row returned is (its line, or its Parquet row group and row).</summary>
    TabularPosition Position { get; }

    /// <summary>Data rows read so far.</summary>
    long RowCount { get; }

    long BytesRead { get; }

    /// <summary>Total bytes, when known.</summary>
    long? Length { get; }

    /// <summary>The content digest (lower-case hex), once every row has been read.</summary>
    string Sha256();

    /// <summary>Reads the next data row (one cell per column, null for missing); false at the end.</summary>
    bool TryReadRow([NotNullWhen(true)] out string?[]? row);
}
