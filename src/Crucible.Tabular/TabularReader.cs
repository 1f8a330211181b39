using System.Diagnostics.CodeAnalysis;
using Crucible.Core.Errors;

namespace Crucible.Tabular;

/// <summary>
/// The one streaming reader of tabular files: CSV, JSON Lines and Parquet, with bounded memory (text through fixed
/// buffers, Parquet one row group at a time) and the file's SHA-256. Every cell goes through
/// <see cref="TabularCell.Normalize"/>, so a missing value is null whatever the format. Malformed input throws a
/// <see cref="TabularDataException"/> naming the file, the line (or row group and row) and, where it applies, the column.
/// </summary>
public sealed class TabularReader : ITabularRows
{
    private readonly IRowSource _rows;
    private readonly string? _file;

    private TabularReader(IRowSource rows, TabularFormat format, string? file)
    {
        _rows = rows;
        _file = file;
        Format = format;
    }

    /// <summary>The column names, in file order (JSON Lines with <see cref="TabularOptions.AllowNewJsonKeys"/>: grows as keys appear).</summary>
    public IReadOnlyList<string> Columns => _rows.Columns;

    public TabularFormat Format { get; }

    /// <summary>Data rows returned so far; the last row returned is row number <see cref="RowCount"/> (1-based).</summary>
    public long RowCount { get; private set; }

    /// <summary>Where the last row returned is.</summary>
    public TabularPosition Position => _rows.Position;

    /// <summary>The line the last row returned started on (0 for Parquet).</summary>
    public long Line => _rows.Position.Line ?? 0;

    public long BytesRead => _rows.BytesRead;

    public long? Length => _rows.Length;

    /// <summary>Opens a file; the format comes from <see cref="TabularOptions.Format"/> or the extension.</summary>
    public static TabularReader Open(string path, TabularOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new TabularOptions();
        string file = options.SourceName ?? Path.GetFileName(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw CrucibleException.NotFound($"File '{path}' does not exist.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TabularDataException(file, null, null, $"cannot open the file ({e.Message}).", e);
        }

        return Create(stream, options.Format ?? FormatOf(path), options, file);
    }

    /// <summary>Reads from a stream, which the reader then owns (Parquet needs a seekable one).</summary>
    public static TabularReader Open(Stream stream, TabularFormat format, TabularOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new TabularOptions();
        return Create(stream, format, options, options.SourceName);
    }

    /// <summary>The format implied by a file name: .parquet/.pq Parquet, .jsonl/.ndjson/.json JSON Lines, anything else CSV.</summary>
    public static TabularFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".PARQUET" or ".PQ" => TabularFormat.Parquet,
            ".JSONL" or ".NDJSON" or ".JSON" => TabularFormat.Jsonl,
            _ => TabularFormat.Csv,
        };
    }

    /// <summary>SHA-256 of the file's bytes (lower-case hex), reading to the end first if needed.</summary>
    public string Sha256() => Located(_rows.Sha256);

    /// <summary>Reads the next data row (one cell per column, null for missing); false at the end.</summary>
    public bool TryReadRow([NotNullWhen(true)] out string?[]? row)
    {
        string?[]? read = null;
        if (!Located(() => _rows.TryReadRow(out read)))
        {
            row = null;
            return false;
        }

        for (int i = 0; i < read!.Length; i++)
        {
            read[i] = TabularCell.Normalize(read[i]);
        }

        RowCount++;
        row = read;
        return true;
    }

    public void Dispose() => _rows.Dispose();

    private static TabularReader Create(Stream stream, TabularFormat format, TabularOptions options, string? file)
    {
        try
        {
            IRowSource rows = format == TabularFormat.Parquet ? new ParquetRows(stream) : new TextRows(stream, format, options);
            return new TabularReader(rows, format, file);
        }
        catch (TabularDataException e)
        {
            throw e.InFile(file);
        }
    }

    private T Located<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (TabularDataException e) when (e.File is null && _file is not null)
        {
            throw e.InFile(_file);
        }
    }
}
