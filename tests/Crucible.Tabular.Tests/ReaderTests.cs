using System.Security.Cryptography;
using System.Text;
using Crucible.Core.Errors;

namespace Crucible.Tabular.Tests;

public sealed class ReaderTests
{
    [Theory]
    [InlineData("ragged.csv", "line 3: expected 3 fields")]
    [InlineData("broken_quote.csv", "line 3: a quoted field opened on this line is never closed")]
    [InlineData("stray_quote.csv", "line 3: unexpected character 'y' after a closing quote")]
    [InlineData("invalid_utf8.csv", "line 4: invalid UTF-8")]
    [InlineData("empty.csv", "line 1: the file is empty")]
    [InlineData("header_only.csv", "line 2: the file has a header but no data rows")]
    [InlineData("bad_json.jsonl", "line 3: invalid JSON")]
    [InlineData("ragged.jsonl", "line 2: key 'c' is not among the first object's keys")]
    public void Bad_input_fails_with_the_line_number(string file, string expected)
    {
        // Opened from a path, the message now starts with the file's name, then the line as before.
        var e = Assert.Throws<TabularDataException>(() => ReadAll(FixturePaths.Bad(file)));
        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.StartsWith($"{file}: {expected}", e.Message, StringComparison.Ordinal);
        Assert.Equal(file, e.File);
        Assert.Equal(long.Parse(expected[5..expected.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture), e.Line);
    }

    [Fact]
    public void Quoted_fields_hold_commas_doubled_quotes_and_line_breaks()
    {
        using var reader = TabularReader.Open(FixturePaths.Bad("quoted.csv"));
        Assert.Equal(["id_text", "note", "amount"], reader.Columns);
        var rows = Rows(reader);
        Assert.Equal(3, rows.Count);
        AssertCells(["a,1", "He said \"hi\"", "1.5"], rows[0].Cells);
        AssertCells(["b", "two\r\nlines", "2"], rows[1].Cells);
        AssertCells(["c", "plain", "3"], rows[2].Cells);
        Assert.Equal([2L, 3L, 5L], rows.Select(r => r.Line));
    }

    [Fact]
    public void Json_lines_map_keys_to_columns_and_skip_blank_lines()
    {
        using var reader = TabularReader.Open(FixturePaths.Bad("rows.jsonl"));
        Assert.Equal(TabularFormat.Jsonl, reader.Format);
        Assert.Equal(["id", "name", "score", "ok"], reader.Columns);
        var rows = Rows(reader);
        AssertCells(["1", "Ann Lee", "0.5", "true"], rows[0].Cells);
        AssertCells(["2", null, "1e3", "false"], rows[1].Cells);
        AssertCells(["3", null, "-2", null], rows[2].Cells);
        Assert.Equal([1L, 3L, 4L], rows.Select(r => r.Line));
    }

    [Fact]
    public void Digest_is_the_sha256_of_the_bytes_and_null_tokens_become_null()
    {
        string path = FixturePaths.Of("clean.csv");
        using var reader = TabularReader.Open(path);
        Assert.True(reader.TryReadRow(out _));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), reader.Sha256());

        using var nulls = TabularReader.Open(new MemoryStream("\uFEFFa,b\nNA,\n"u8.ToArray()), TabularFormat.Csv);
        Assert.Equal(["a", "b"], nulls.Columns);
        Assert.True(nulls.TryReadRow(out var row));
        AssertCells([null, null], row);
    }

    [Fact]
    public void A_quote_never_closed_in_a_long_file_stops_at_the_record_limit()
    {
        var text = new StringBuilder("a,b\n1,\"open\n");
        for (int i = 0; i < 5000; i++)
        {
            text.Append("2,filler filler filler\n");
        }

        var e = Assert.Throws<TabularDataException>(() =>
            TabularReader.Open(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), TabularFormat.Csv, new TabularOptions { MaxRecordChars = 10_000 }));
        Assert.StartsWith("line 2: the record starting on this line is longer than 10000 characters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_rows_stream_through_fixed_buffers()
    {
        // 200,000 generated rows never held at once: what stays reachable afterwards is the fixed buffers.
        using var reader = TabularReader.Open(new GeneratedCsv(200_000), TabularFormat.Csv);
        long rows = 0;
        while (reader.TryReadRow(out _))
        {
            rows++;
        }

        Assert.Equal(200_000, rows);
        Assert.Equal(64, reader.Sha256().Length);
        Assert.True(GC.GetTotalMemory(forceFullCollection: true) < 64L * 1024 * 1024);
    }

    private static void AssertCells(string?[] expected, string?[]? actual) =>
        Assert.Equal((IEnumerable<string?>)expected, actual);

    private static void ReadAll(string path)
    {
        using var reader = TabularReader.Open(path);
        while (reader.TryReadRow(out _))
        {
        }
    }

    private static List<(string?[] Cells, long Line)> Rows(TabularReader reader)
    {
        var rows = new List<(string?[], long)>();
        while (reader.TryReadRow(out var row))
        {
            rows.Add((row, reader.Line));
        }

        return rows;
    }

    /// <summary>A read-only stream that produces CSV rows on demand.</summary>
    private sealed class GeneratedCsv(int rows) : Stream
    {
        private byte[] _pending = "id,x,y,name\n"u8.ToArray();
        private int _offset;
        private int _row;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == _pending.Length)
            {
                if (_row == rows)
                {
                    return 0;
                }

                _row++;
                _pending = Encoding.UTF8.GetBytes($"{_row},{_row * 0.5},\"q,{_row % 7}\",name {_row % 13}\n");
                _offset = 0;
            }

            int n = Math.Min(count, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
