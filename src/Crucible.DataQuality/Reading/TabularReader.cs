using System.Diagnostics.CodeAnalysis;
using Crucible.Core.Errors;

namespace Crucible.DataQuality.Reading;

/// <summary>
/// Streams the rows of a CSV or JSON Lines file through fixed buffers, so memory stays bounded
/// whatever the file size, while computing the SHA-256 of its bytes. Malformed input (ragged rows,
/// broken quotes, invalid UTF-8, an empty or header-only file) throws a
/// <see cref="CrucibleException"/> with <see cref="ErrorCode.InvalidParameterValue"/> and a
/// message that starts with <c>line N:</c>.
/// </summary>
public sealed class TabularReader : ITabularRows
{
    private readonly Utf8CharSource _source;
    private readonly ReaderOptions _options;
    private readonly CsvRecordParser? _csv;
    private readonly JsonlRecordParser? _jsonl;
    private readonly Dictionary<string, int> _index;
    private readonly List<string> _fields = [];
    private readonly List<KeyValuePair<string, string?>> _members = [];
    private readonly int _longestNullToken;
    private string?[]? _pending;

    private TabularReader(Stream stream, TabularFormat format, ReaderOptions options)
    {
        _source = new Utf8CharSource(stream);
        _options = options;
        _longestNullToken = options.NullTokens.Select(t => t.Length).DefaultIfEmpty(-1).Max();
        Format = format;
        try
        {
            if (_source.Peek() < 0)
            {
                throw CrucibleException.Invalid("line 1: the file is empty.");
            }

            if (format == TabularFormat.Csv)
            {
                _csv = new CsvRecordParser(_source, options.Delimiter, options.MaxRecordChars);
                Columns = ReadHeader();
            }
            else
            {
                _jsonl = new JsonlRecordParser(_source, options.MaxRecordChars);
                Columns = ReadFirstObject();
            }

            _index = Columns.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
            if (format == TabularFormat.Jsonl)
            {
                _pending = ToRow(_members);
            }
            else if (!TryReadCsv(out _pending))
            {
                throw CrucibleException.Invalid($"line {_csv!.RecordLine + 1}: the file has a header but no data rows.");
            }
        }
        catch
        {
            _source.Dispose();
            throw;
        }
    }

    /// <summary>The column names, in file order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The format being read.</summary>
    public TabularFormat Format { get; }

    /// <summary>Data rows returned so far; the last row returned is row number <see cref="RowCount"/> (1-based).</summary>
    public long RowCount { get; private set; }

    /// <summary>The line the last row returned started on.</summary>
    public long Line { get; private set; }

    /// <summary>Bytes consumed so far (for progress).</summary>
    public long BytesRead => _source.BytesRead;

    /// <summary>The size of the input in bytes, when known.</summary>
    public long? Length => _source.Length;

    /// <summary>SHA-256 of the file's bytes (lower-case hex). Reading to the end first if needed.</summary>
    public string Sha256()
    {
        _source.Drain();
        return _source.Sha256Hex;
    }

    /// <summary>Opens a file; the format comes from <see cref="ReaderOptions.Format"/> or the extension.</summary>
    public static TabularReader Open(string path, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ReaderOptions();
        if (!File.Exists(path))
        {
            throw CrucibleException.NotFound($"File '{path}' does not exist.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return new TabularReader(stream, options.Format ?? FormatOf(path), options);
    }

    /// <summary>Reads from a stream, which the reader then owns.</summary>
    public static TabularReader Open(Stream stream, TabularFormat format, ReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new TabularReader(stream, format, options ?? new ReaderOptions());
    }

    /// <summary>The format implied by a file name.</summary>
    public static TabularFormat FormatOf(string path) =>
        Path.GetExtension(path).ToUpperInvariant() is ".JSONL" or ".NDJSON" ? TabularFormat.Jsonl : TabularFormat.Csv;

    /// <summary>Reads the next data row (one cell per column, null for missing); false at the end.</summary>
    public bool TryReadRow([NotNullWhen(true)] out string?[]? row)
    {
        if (_pending is not null)
        {
            row = _pending;
            _pending = null;
        }
        else if (!(_csv is not null ? TryReadCsv(out row) : TryReadJsonl(out row)))
        {
            return false;
        }

        RowCount++;
        Line = _csv?.RecordLine ?? _jsonl!.RecordLine;
        return row is not null;
    }

    public void Dispose() => _source.Dispose();

    private string[] ReadHeader()
    {
        if (!_csv!.Read(_fields))
        {
            throw CrucibleException.Invalid("line 1: the file is empty.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < _fields.Count; i++)
        {
            string name = _fields[i].Trim();
            if (name.Length == 0)
            {
                throw CrucibleException.Invalid($"line {_csv.RecordLine}: column {i + 1} of the header has no name.");
            }

            if (!seen.Add(name))
            {
                throw CrucibleException.Invalid($"line {_csv.RecordLine}: the header names column '{name}' twice.");
            }
        }

        return [.. _fields.Select(f => f.Trim())];
    }

    private string[] ReadFirstObject()
    {
        if (!_jsonl!.Read(_members))
        {
            throw CrucibleException.Invalid("line 1: the file is empty.");
        }

        if (_members.Count == 0)
        {
            throw CrucibleException.Invalid($"line {_jsonl.RecordLine}: the first object has no keys, so there are no columns.");
        }

        return [.. _members.Select(m => m.Key).Distinct(StringComparer.Ordinal)];
    }

    private bool TryReadCsv(out string?[]? row)
    {
        row = null;
        if (!_csv!.Read(_fields))
        {
            return false;
        }

        if (_fields.Count != Columns.Count)
        {
            throw CrucibleException.Invalid(
                $"line {_csv.RecordLine}: expected {Columns.Count} fields as in the header, found {_fields.Count}.");
        }

        row = new string?[_fields.Count];
        for (int i = 0; i < row.Length; i++)
        {
            string f = _fields[i];
            row[i] = f.Length <= _longestNullToken && _options.NullTokens.Contains(f) ? null : f;
        }

        return true;
    }

    private bool TryReadJsonl(out string?[]? row)
    {
        row = null;
        if (!_jsonl!.Read(_members))
        {
            return false;
        }

        row = ToRow(_members);
        return true;
    }

    private string?[] ToRow(List<KeyValuePair<string, string?>> members)
    {
        var row = new string?[Columns.Count];
        foreach ((string key, string? value) in members)
        {
            if (!_index.TryGetValue(key, out int i))
            {
                throw CrucibleException.Invalid(
                    $"line {_jsonl!.RecordLine}: key '{key}' is not among the first object's keys (ragged rows).");
            }

            row[i] = value;
        }

        return row;
    }
}
