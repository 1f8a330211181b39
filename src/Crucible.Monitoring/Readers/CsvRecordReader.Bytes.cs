namespace Crucible.Monitoring.Readers;

/// <summary>Byte-level scanning of the CSV reader.</summary>
internal sealed partial class CsvRecordReader
{
    private void ReadQuoted(long startLine)
    {
        while (true)
        {
            int b = Next();
            if (b < 0)
            {
                throw new DataFileException(_path, startLine, "quoted field is never closed (missing closing quote).");
            }

            if (b == '"')
            {
                if (Peek() == '"')
                {
                    Next();
                    Append((byte)'"');
                    continue;
                }

                int after = Peek();
                if (after >= 0 && after is not (',' or '\n' or '\r'))
                {
                    throw new DataFileException(_path, _line, $"unexpected character '{(char)after}' after a closing quote (quotes inside a field must be doubled).");
                }

                return;
            }

            if (b == '\n' || (b == '\r' && Peek() != '\n'))
            {
                _line++;
            }

            Append((byte)b);
        }
    }

    private void ReadUnquoted()
    {
        while (true)
        {
            int b = Peek();
            if (b < 0 || b is ',' or '\n' or '\r')
            {
                return;
            }

            if (b == '"')
            {
                throw new DataFileException(_path, _line, "a quote inside an unquoted field (quote the whole field and double inner quotes).");
            }

            Next();
            Append((byte)b);
        }
    }

    private void ConsumeLineEnd()
    {
        if (Next() == '\r' && Peek() == '\n')
        {
            Next();
        }

        _line++;
    }

    private void Append(byte b)
    {
        if (_recordLength == _record.Length)
        {
            if (_record.Length >= MaxRecordBytes)
            {
                throw new DataFileException(_path, RecordLine, $"record is longer than {MaxRecordBytes} bytes.");
            }

            Array.Resize(ref _record, _record.Length * 2);
        }

        _record[_recordLength++] = b;
    }

    private int Peek()
    {
        if (_inputPos == _inputLength && !Fill())
        {
            return -1;
        }

        return _input[_inputPos];
    }

    private int Next()
    {
        int b = Peek();
        if (b >= 0)
        {
            _inputPos++;
        }

        return b;
    }

    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        _inputLength = _stream.Read(_input, 0, _input.Length);
        _inputPos = 0;
        _eof = _inputLength == 0;
        return !_eof;
    }
}
