using System.Diagnostics.CodeAnalysis;

namespace Crucible.Tabular;

/// <summary>
/// CSV or JSON Lines rows streamed through fixed buffers (<see cref="Utf8CharSource"/>), hashing the bytes as they
/// pass. The first CSV record is the header; the first JSON object's keys are the columns.
/// </summary>
internal sealed class TextRows : IRowSource
{
    private readonly Utf8CharSource _source;
    private readonly CsvRecordParser? _csv;
    private readonly JsonlRecordParser? _jsonl;
    private readonly bool _allowNewKeys;
    private readonly List<string> _columns = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _fields = [];
    private readonly List<KeyValuePair<string, string?>> _members = [];
    private string?[]? _pending;

    public TextRows(Stream stream, TabularFormat format, TabularOptions options)
    {
        _source = new Utf8CharSource(stream);
        _allowNewKeys = options.AllowNewJsonKeys;
        try
        {
            if (_source.Peek() < 0)
            {
                throw TabularDataException.AtLine(1, "the file is empty.");
            }

            if (format == TabularFormat.Csv)
            {
                _csv = new CsvRecordParser(_source, options.Delimiter, options.MaxRecordChars);
                ReadHeader();
                if (!TryReadCsv(out _pending))
                {
                    throw TabularDataException.AtLine(_csv.RecordLine + 1, "the file has a header but no data rows.");
                }
            }
            else
            {
                _jsonl = new JsonlRecordParser(_source, options.MaxRecordChars);
                ReadFirstObject();
            }
        }
        catch
        {
            _source.Dispose();
            throw;
        }
    }

    public IReadOnlyList<string> Columns => _columns;

    public TabularPosition Position { get; private set; }

    public long BytesRead => _source.BytesRead;

    public long? Length => _source.Length;

    public string Sha256()
    {
        _source.Drain();
        return _source.Sha256Hex;
    }

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

        Position = TabularPosition.AtLine(_csv?.RecordLine ?? _jsonl!.RecordLine);
        return row is not null;
    }

    public void Dispose() => _source.Dispose();

    private void ReadHeader()
    {
        if (!_csv!.Read(_fields))
        {
            throw TabularDataException.AtLine(1, "the file is empty.");
        }

        for (int i = 0; i < _fields.Count; i++)
        {
            string name = _fields[i].Trim();
            if (name.Length == 0)
            {
                throw TabularDataException.AtLine(_csv.RecordLine, $"column {i + 1} of the header has no name.");
            }

            if (!_index.TryAdd(name, i))
            {
                throw TabularDataException.AtLine(_csv.RecordLine, $"the header names column '{name}' twice.");
            }

            _columns.Add(name);
        }
    }

    private void ReadFirstObject()
    {
        if (!_jsonl!.Read(_members))
        {
            throw TabularDataException.AtLine(1, "the file is empty.");
        }

        if (_members.Count == 0)
        {
            throw TabularDataException.AtLine(_jsonl.RecordLine, "the first object has no keys, so there are no columns.");
        }

        foreach ((string key, _) in _members)
        {
            _index.Add(key, _columns.Count);
            _columns.Add(key);
        }

        _pending = ToRow();
    }

    private bool TryReadCsv(out string?[]? row)
    {
        row = null;
        if (!_csv!.Read(_fields))
        {
            return false;
        }

        if (_fields.Count != _columns.Count)
        {
            throw TabularDataException.AtLine(
                _csv.RecordLine, $"expected {_columns.Count} fields as in the header, found {_fields.Count}.");
        }

        row = [.. _fields];
        return true;
    }

    private bool TryReadJsonl(out string?[]? row)
    {
        row = null;
        if (!_jsonl!.Read(_members))
        {
            return false;
        }

        row = ToRow();
        return true;
    }

    private string?[] ToRow()
    {
        foreach ((string key, _) in _members)
        {
            if (!_index.ContainsKey(key))
            {
                if (!_allowNewKeys)
                {
                    throw TabularDataException.AtLine(
                        _jsonl!.RecordLine, $"key '{key}' is not among the first object's keys (ragged rows).");
                }

                _index.Add(key, _columns.Count);
                _columns.Add(key);
            }
        }

        var row = new string?[_columns.Count];
        foreach ((string key, string? value) in _members)
        {
            row[_index[key]] = value;
        }

        return row;
    }
}
