using System.Buffers;
using System.Security.Cryptography;
using System.Text.Unicode;


namespace Crucible.Tabular;

/// <summary>
/// Streams a byte source as UTF-16 chars through fixed buffers while hashing every byte with SHA-256
/// and counting lines. Invalid UTF-8 is an error naming the line it is on. A leading BOM is skipped.
/// </summary>
internal sealed class Utf8CharSource : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _stream;
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _bytes = new byte[BufferSize];
    private readonly char[] _chars = new char[BufferSize];
    private int _byteStart;
    private int _byteEnd;
    private int _pos;
    private int _len;
    private bool _eof;
    private bool _first = true;
    private long _invalidAt = -1;
    private string? _digest;

    public Utf8CharSource(Stream stream) => _stream = stream;

    /// <summary>1-based number of the line the next char is on (counted by LF).</summary>
    public long Line { get; private set; } = 1;

    public long BytesRead { get; private set; }

    public long? Length => _stream.CanSeek ? _stream.Length : null;

    /// <summary>Lower-case hex SHA-256 of every byte; available once the end has been reached.</summary>
    public string Sha256Hex => _digest ?? throw new InvalidOperationException("The digest is known only after the whole file was read.");

    public int Read()
    {
        if (_pos == _len && !Fill())
        {
            return -1;
        }

        char c = _chars[_pos++];
        if (c == '\n')
        {
            Line++;
        }

        return c;
    }

    public int Peek() => _pos == _len && !Fill() ? -1 : _chars[_pos];

    /// <summary>Reads to the end so that the digest covers the whole file.</summary>
    public void Drain()
    {
        while (Read() >= 0)
        {
        }
    }

    public void Dispose()
    {
        _sha.Dispose();
        _stream.Dispose();
    }

    private bool Fill()
    {
        while (true)
        {
            if (_invalidAt >= 0)
            {
                throw TabularDataException.AtLine(Line, $"invalid UTF-8 byte sequence at byte offset {_invalidAt}.");
            }

            int pending = _byteEnd - _byteStart;
            if (pending > 0 || _eof)
            {
                OperationStatus status = Utf8.ToUtf16(
                    _bytes.AsSpan(_byteStart, pending), _chars, out int read, out int written, replaceInvalidSequences: false, isFinalBlock: _eof);
                _byteStart += read;
                if (status == OperationStatus.InvalidData)
                {
                    _invalidAt = BytesRead - (_byteEnd - _byteStart);
                }

                _pos = 0;
                _len = written;
                if (_first && written > 0)
                {
                    _first = false;
                    _pos = _chars[0] == '\uFEFF' ? 1 : 0;
                }

                if (_len > _pos)
                {
                    return true;
                }

                if (_invalidAt >= 0)
                {
                    continue;
                }

                if (_eof)
                {
                    _digest ??= Convert.ToHexStringLower(_sha.GetHashAndReset());
                    return false;
                }
            }

            Compact();
            int n = _stream.Read(_bytes, _byteEnd, _bytes.Length - _byteEnd);
            if (n == 0)
            {
                _eof = true;
                continue;
            }

            _sha.AppendData(_bytes, _byteEnd, n);
            _byteEnd += n;
            BytesRead += n;
        }
    }

    private void Compact()
    {
        int pending = _byteEnd - _byteStart;
        if (_byteStart > 0)
        {
            Buffer.BlockCopy(_bytes, _byteStart, _bytes, 0, pending);
        }

        _byteStart = 0;
        _byteEnd = pending;
    }
}
