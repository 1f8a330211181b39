using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Crucible.Monitoring.Readers;

/// <summary>
/// Streaming JSON Lines reader: one JSON object per line, blank lines skipped. Keys become columns
/// in order of first appearance; a key absent from a row is missing there. Numbers and strings keep
/// their text; true/false become "true"/"false"; nested objects and arrays keep their raw JSON.
/// Memory is bounded by one line (<see cref="CsvRecordReader.MaxRecordBytes"/>).
/// </summary>
internal sealed class JsonLinesRecordReader : IRecordReader
{
    private readonly Stream _stream;
    private readonly string _path;
    private readonly List<string> _columns = [];
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
    private readonly List<(int Column, string? Text, bool IsNumber)> _fields = [];
    private readonly HashSet<int> _seen = [];
    private readonly byte[] _input = new byte[64 * 1024];
    private byte[] _line = new byte[4096];
    private int _lineLength;
    private int _inputPos;
    private int _inputLength;
    private long _lineNumber;
    private bool _eof;
    private bool _any;

    public JsonLinesRecordReader(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    public IReadOnlyList<string> Columns => _columns;

    public long RecordLine => _lineNumber;

    public int FieldCount => _fields.Count;

    public bool ReadRecord()
    {
        while (ReadLine())
        {
            ReadOnlySpan<byte> line = _line.AsSpan(0, _lineLength).Trim(" \t\r"u8);
            if (_lineNumber == 1 && line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }

            if (line.IsEmpty)
            {
                continue;
            }

            if (!Utf8.IsValid(line))
            {
                throw new DataFileException(_path, _lineNumber, "the line is not valid UTF-8.");
            }

            Parse(line);
            _any = true;
            return true;
        }

        if (!_any)
        {
            throw new DataFileException(_path, 0, "the file is empty (no JSON objects).");
        }

        return false;
    }

    public int ColumnOf(int field) => _fields[field].Column;

    public bool IsNull(int field) => _fields[field].Text is null;

    public bool TryGetDouble(int field, out double value) =>
        double.TryParse(_fields[field].Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public string GetString(int field) => _fields[field].Text ?? string.Empty;

    public void Dispose() => _stream.Dispose();

    private void Parse(ReadOnlySpan<byte> line)
    {
        _fields.Clear();
        _seen.Clear();
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new DataFileException(_path, _lineNumber, "expected a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                int column = ColumnFor(name);
                if (!_seen.Add(column))
                {
                    throw new DataFileException(_path, _lineNumber, $"key '{name}' appears twice.");
                }

                _fields.Add(reader.TokenType switch
                {
                    JsonTokenType.Null => (column, null, false),
                    JsonTokenType.String => (column, reader.GetString(), false),
                    JsonTokenType.Number => (column, Encoding.UTF8.GetString(reader.ValueSpan), true),
                    JsonTokenType.True => (column, "true", false),
                    JsonTokenType.False => (column, "false", false),
                    _ => (column, Raw(ref reader, line), false),
                });
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new DataFileException(_path, _lineNumber, "unexpected content after the JSON object.");
            }
        }
        catch (JsonException e)
        {
            throw new DataFileException(_path, _lineNumber, $"invalid JSON ({e.Message})", e);
        }
    }

    private static string Raw(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(line[start..(int)reader.BytesConsumed]);
    }

    private int ColumnFor(string name)
    {
        if (!_columnIndex.TryGetValue(name, out int index))
        {
            index = _columns.Count;
            _columns.Add(name);
            _columnIndex.Add(name, index);
        }

        return index;
    }

    private bool ReadLine()
    {
        _lineLength = 0;
        bool gotAny = false;
        while (true)
        {
            if (_inputPos == _inputLength)
            {
                if (_eof || (_inputLength = _stream.Read(_input, 0, _input.Length)) == 0)
                {
                    _eof = true;
                    _inputLength = 0;
                    _inputPos = 0;
                    if (gotAny)
                    {
                        _lineNumber++;
                    }

                    return gotAny;
                }

                _inputPos = 0;
            }

            gotAny = true;
            int newline = _input.AsSpan(_inputPos, _inputLength - _inputPos).IndexOf((byte)'\n');
            int take = newline < 0 ? _inputLength - _inputPos : newline;
            if (_lineLength + take > CsvRecordReader.MaxRecordBytes)
            {
                throw new DataFileException(_path, _lineNumber + 1, $"line is longer than {CsvRecordReader.MaxRecordBytes} bytes.");
            }

            if (_line.Length < _lineLength + take)
            {
                Array.Resize(ref _line, Math.Max(_lineLength + take, _line.Length * 2));
            }

            _input.AsSpan(_inputPos, take).CopyTo(_line.AsSpan(_lineLength));
            _lineLength += take;
            _inputPos += take;
            if (newline >= 0)
            {
                _inputPos++;
                _lineNumber++;
                return true;
            }
        }
    }
}
