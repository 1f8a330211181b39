using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Crucible.Monitoring.Readers;

/// <summary>
/// Streaming RFC 4180 CSV reader over bytes: a header row, comma separators, fields optionally in
/// double quotes ("" escapes a quote, quoted fields may span lines), CRLF or LF line ends, an
/// optional UTF-8 BOM, blank lines skipped. Memory is bounded by one input buffer plus the
/// longest record (<see cref="MaxRecordBytes"/>). Errors name the line.
/// </summary>
internal sealed partial class CsvRecordReader : IRecordReader
{
    internal const int MaxRecordBytes = 16 << 20;
    private static readonly string[] NullTokens = ["NA", "N/A", "null", "NULL", "None", "#N/A"];
    private readonly Stream _stream;
    private readonly string _path;
    private readonly byte[] _input = new byte[64 * 1024];
    private readonly List<(int Start, int Length, bool Quoted)> _fields = [];
    private readonly string[] _columns;
    private byte[] _record = new byte[4096];
    private int _recordLength;
    private int _inputPos;
    private int _inputLength;
    private long _line = 1;
    private bool _eof;

    public CsvRecordReader(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
        Fill();
        if (_inputLength >= 3 && _input[0] == 0xEF && _input[1] == 0xBB && _input[2] == 0xBF)
        {
            _inputPos = 3;
        }

        if (!ReadRawRecord())
        {
            throw new DataFileException(path, 0, "the file is empty (a header row is required).");
        }

        var names = new string[_fields.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = GetString(i).Trim();
            if (names[i].Length == 0)
            {
                throw new DataFileException(path, RecordLine, $"header column {i + 1} has no name.");
            }

            if (!seen.Add(names[i]))
            {
                throw new DataFileException(path, RecordLine, $"header names column '{names[i]}' twice.");
            }
        }

        _columns = names;
    }

    public IReadOnlyList<string> Columns => _columns;

    public long RecordLine { get; private set; }

    public int FieldCount => _fields.Count;

    public bool ReadRecord()
    {
        if (!ReadRawRecord())
        {
            return false;
        }

        if (_fields.Count != _columns.Length)
        {
            throw new DataFileException(_path, RecordLine, $"expected {_columns.Length} fields as in the header, found {_fields.Count}.");
        }

        return true;
    }

    public int ColumnOf(int field) => field;

    public bool IsNull(int field)
    {
        (int start, int length, bool quoted) = _fields[field];
        if (length == 0)
        {
            return true;
        }

        if (quoted || length > 4)
        {
            return false;
        }

        ReadOnlySpan<byte> span = _record.AsSpan(start, length);
        foreach (string token in NullTokens)
        {
            if (span.Length == token.Length && Ascii.Equals(span, token))
            {
                return true;
            }
        }

        return false;
    }

    public bool TryGetDouble(int field, out double value)
    {
        (int start, int length, _) = _fields[field];
        return double.TryParse(_record.AsSpan(start, length), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public string GetString(int field)
    {
        (int start, int length, _) = _fields[field];
        return Encoding.UTF8.GetString(_record, start, length);
    }

    public void Dispose() => _stream.Dispose();

    // Reads one record's fields (unescaped) into _record; validates UTF-8 per field.
    private bool ReadRawRecord()
    {
        _fields.Clear();
        _recordLength = 0;
        while (true)
        {
            int b = Peek();
            if (b < 0)
            {
                return false;
            }

            if (b is '\n' or '\r')
            {
                ConsumeLineEnd();
                continue;
            }

            break;
        }

        RecordLine = _line;
        while (true)
        {
            int start = _recordLength;
            bool quoted = Peek() == '"';
            long fieldLine = _line;
            if (quoted)
            {
                Next();
                ReadQuoted(fieldLine);
            }
            else
            {
                ReadUnquoted();
            }

            if (!Utf8.IsValid(_record.AsSpan(start, _recordLength - start)))
            {
                throw new DataFileException(_path, fieldLine, $"field {_fields.Count + 1} is not valid UTF-8.");
            }

            _fields.Add((start, _recordLength - start, quoted));
            int next = Peek();
            if (next == ',')
            {
                Next();
                continue;
            }

            if (next is '\n' or '\r')
            {
                ConsumeLineEnd();
            }

            return true;
        }
    }
}
