using System.Text;


namespace Crucible.Tabular;

/// <summary>
/// RFC 4180 records: fields separated by the delimiter, records ended by CRLF, LF or CR; a field in
/// double quotes may hold delimiters, line breaks and doubled quotes. Blank lines are skipped. A quote
/// inside an unquoted field, text after a closing quote and a quote never closed are errors.
/// </summary>
internal sealed class CsvRecordParser(Utf8CharSource source, char delimiter, int maxRecordChars)
{
    private readonly StringBuilder _field = new();
    private int _recordChars;

    /// <summary>The line the last record started on.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the input.</summary>
    public bool Read(List<string> fields)
    {
        fields.Clear();
        int c;
        while ((c = source.Peek()) is '\r' or '\n')
        {
            source.Read();
        }

        if (c < 0)
        {
            return false;
        }

        RecordLine = source.Line;
        _recordChars = 0;
        while (true)
        {
            _field.Clear();
            int end = source.Peek() == '"' ? ReadQuoted() : ReadUnquoted();
            fields.Add(_field.ToString());
            if (end != delimiter)
            {
                return true;
            }
        }
    }

    // Returns the char that ended the field: the delimiter, '\n' (any line break) or -1.
    private int ReadUnquoted()
    {
        while (true)
        {
            int c = source.Read();
            if (c == delimiter || c < 0)
            {
                return c;
            }

            if (c is '\n' or '\r')
            {
                return EndOfLine(c);
            }

            if (c == '"')
            {
                throw TabularDataException.AtLine(
                    source.Line, "a quote inside an unquoted field; quote the whole field and double the quotes inside it.");
            }

            Append((char)c);
        }
    }

    private int ReadQuoted()
    {
        long opened = source.Line;
        source.Read();
        while (true)
        {
            int c = source.Read();
            if (c < 0)
            {
                throw TabularDataException.AtLine(opened, "a quoted field opened on this line is never closed.");
            }

            if (c == '"')
            {
                if (source.Peek() != '"')
                {
                    break;
                }

                source.Read();
            }

            Append((char)c);
        }

        int after = source.Read();
        if (after == delimiter || after < 0)
        {
            return after;
        }

        if (after is '\n' or '\r')
        {
            return EndOfLine(after);
        }

        throw TabularDataException.AtLine(
            source.Line, $"unexpected character '{(char)after}' after a closing quote; expected '{delimiter}' or the end of the line.");
    }

    private int EndOfLine(int c)
    {
        if (c == '\r' && source.Peek() == '\n')
        {
            source.Read();
        }

        return '\n';
    }

    private void Append(char c)
    {
        if (++_recordChars > maxRecordChars)
        {
            throw TabularDataException.AtLine(
                RecordLine, $"the record starting on this line is longer than {maxRecordChars} characters; a quote is probably not closed.");
        }

        _field.Append(c);
    }
}
