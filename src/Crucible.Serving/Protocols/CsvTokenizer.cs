using Crucible.Core.Errors;

namespace Crucible.Serving.Protocols;

/// <summary>
/// Splits RFC 4180 CSV into fields without copying: quoted fields may hold commas, line breaks and doubled quotes
/// (<c>""</c>, reported through <c>escapedQuotes</c> so the caller unescapes only strings). Blank lines are skipped,
/// as pandas does; a UTF-8 byte order mark is ignored.
/// </summary>
internal ref struct CsvTokenizer
{
    private readonly ReadOnlySpan<byte> _text;
    private int _position;

    public CsvTokenizer(ReadOnlySpan<byte> text)
    {
        _text = text.StartsWith("\uFEFF"u8) ? text[3..] : text;
        _position = 0;
    }

    /// <summary>The 1-based line the tokenizer is on, for messages.</summary>
    public readonly long Line => _text[..Math.Min(_position, _text.Length)].Count((byte)'\n') + 1;

    /// <summary>Moves to the next record; false at the end of the input.</summary>
    public bool NextRecord()
    {
        while (_position < _text.Length && _text[_position] is (byte)'\r' or (byte)'\n')
        {
            _position++;
        }

        return _position < _text.Length;
    }

    /// <summary>Reads the next field of the current record; <paramref name="endOfRecord"/> tells if it was the last.</summary>
    public void ReadField(out ReadOnlySpan<byte> value, out bool escapedQuotes, out bool endOfRecord)
    {
        escapedQuotes = false;
        if (_position >= _text.Length)
        {
            value = default;
            endOfRecord = true;
            return;
        }

        if (_text[_position] == (byte)'"')
        {
            var start = _position + 1;
            var i = start;
            while (true)
            {
                var quote = _text[i..].IndexOf((byte)'"');
                if (quote < 0)
                {
                    throw CrucibleException.Invalid($"CSV line {Line}: a quoted field is not closed");
                }

                i += quote;
                if (i + 1 < _text.Length && _text[i + 1] == (byte)'"')
                {
                    escapedQuotes = true;
                    i += 2;
                    continue;
                }

                break;
            }

            value = _text[start..i];
            _position = i + 1;
            if (_position >= _text.Length)
            {
                endOfRecord = true;
                return;
            }

            switch (_text[_position])
            {
                case (byte)',':
                    _position++;
                    endOfRecord = false;
                    return;
                case (byte)'\r' or (byte)'\n':
                    EndLine();
                    endOfRecord = true;
                    return;
                default:
                    throw CrucibleException.Invalid($"CSV line {Line}: unexpected text after a closing quote");
            }
        }

        var rest = _text[_position..];
        var end = rest.IndexOfAny((byte)',', (byte)'\r', (byte)'\n');
        if (end < 0)
        {
            value = rest;
            _position = _text.Length;
            endOfRecord = true;
            return;
        }

        value = rest[..end];
        _position += end;
        if (rest[end] == (byte)',')
        {
            _position++;
            endOfRecord = false;
        }
        else
        {
            EndLine();
            endOfRecord = true;
        }
    }

    private void EndLine()
    {
        if (_text[_position] == (byte)'\r' && _position + 1 < _text.Length && _text[_position + 1] == (byte)'\n')
        {
            _position++;
        }

        _position++;
    }
}
