using Crucible.Stats.Profiles;
using Crucible.Core.Errors;
using Crucible.Monitoring.Readers;
using Crucible.Tabular;
using Crucible.TestSupport;

namespace Crucible.Monitoring.Tests.Readers;

public sealed class TabularFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Csv_with_quotes_newlines_and_crlf_is_read_per_RFC_4180()
    {
        string path = Write("q.csv", "\uFEFFid,name,score\r\n1,\"Smith, J\",3.5\r\n2,\"say \"\"hi\"\"\",NA\r\n3,\"two\nlines\",-1e3\r\n\r\n4,,4\r\n");

        RawTable t = TabularFile.ReadRaw(path);

        Assert.Equal(4, t.RowCount);
        Assert.Equal(["id", "name", "score"], t.Columns.Select(c => c.Name));
        Assert.Equal([1.0, 2, 3, 4], t.Columns[0].Numbers!);
        Assert.Equal(new string?[] { "Smith, J", "say \"hi\"", "two\nlines", null }, t.Columns[1].Strings!);
        Assert.Equal([3.5, double.NaN, -1000, 4], t.Columns[2].Numbers!);
    }

    [Fact]
    public void A_column_is_numeric_only_when_every_value_parses()
    {
        string path = Write("t.csv", "a,b,c\n1,1,\n2,x,\n3.5,3,\n");

        IReadOnlyList<TabularColumn> schema = TabularFile.Inspect(path);

        Assert.Equal([new("a", true), new("b", false), new("c", false)], schema);
        DatasetProfile p = TabularFile.Profile(path);
        Assert.Equal(3, p.RowCount);
        Assert.Equal(ColumnKind.Numeric, p["a"].Kind);
        Assert.Equal(ColumnKind.Categorical, p["b"].Kind);
        Assert.Equal(ColumnKind.Empty, p["c"].Kind);
        Assert.Equal(3, p["c"].NullCount);
        Assert.Equal(2.1666666666666665, p["a"].Moments.Mean, 12);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4,5\n", 3, "expected 2 fields")]
    [InlineData("a,b\n1,2\n3\n", 3, "expected 2 fields")]
    [InlineData("a,b\n1,2\n3,\"open\n4,5\n", 3, "never closed")]
    [InlineData("a,b\n1,\"x\"y,2\n", 2, "after a closing quote")]
    [InlineData("a,b\n1,2\n3,ab\"c\n", 3, "quote inside an unquoted field")]
    [InlineData("a,a\n1,2\n", 1, "twice")]
    public void Broken_csv_is_reported_with_its_line(string content, long line, string problem)
    {
        string path = Write("bad.csv", content);

        TabularDataException e = Assert.Throws<TabularDataException>(() => TabularFile.Profile(path));

        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line()
    {
        string path = _dir.File("utf8.csv");
        File.WriteAllBytes(path, [.. "a,b\n1,ok\n2,"u8, 0xC3, 0x28, (byte)'\n']);

        TabularDataException e = Assert.Throws<TabularDataException>(() => TabularFile.Inspect(path));

        Assert.Equal(3, e.Line);
        Assert.Contains("UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty.csv", "")]
    [InlineData("blank.csv", "\n\r\n")]
    [InlineData("empty.jsonl", "\n")]
    public void Empty_files_are_rejected(string name, string content)
    {
        string path = Write(name, content);

        TabularDataException e = Assert.Throws<TabularDataException>(() => TabularFile.Profile(path));

        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_not_found()
    {
        // Was a DataFileException; the one reader reports a missing file as CrucibleException ResourceDoesNotExist.
        CrucibleException e = Assert.Throws<CrucibleException>(() => TabularFile.Inspect(_dir.File("nope.csv")));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, e.Code);
        Assert.Contains("nope.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_lines_map_keys_to_columns_and_absent_keys_to_nulls()
    {
        string path = Write("r.jsonl", "{\"x\": 1.5, \"c\": \"a\", \"ok\": true}\n\n{\"x\": null, \"c\": \"b\", \"extra\": [1, 2]}\n{\"x\": 3, \"c\": \"a\"}\n");

        DatasetProfile p = TabularFile.Profile(path);

        Assert.Equal(3, p.RowCount);
        Assert.Equal(ColumnKind.Numeric, p["x"].Kind);
        Assert.Equal((2L, 1L), (p["x"].NumericCount, p["x"].NullCount));
        Assert.Equal([new("a", 2L), new("b", 1L)], p["c"].FrequentStrings.StoredCounts());
        Assert.Equal(2, p["ok"].NullCount);
        Assert.Equal("[1, 2]", p["extra"].FrequentStrings.TopK(1)[0].Item);
    }

    [Theory]
    [InlineData("{\"x\": 1}\n[1, 2]\n", 2, "expected a JSON object")]
    [InlineData("{\"x\": 1}\n{\"x\": 2\n", 2, "invalid JSON")]
    [InlineData("{\"x\": 1}\n\n{\"x\": 1, \"x\": 2}\n", 3, "appears twice")]
    [InlineData("{\"x\": 1} {\"x\": 2}\n", 1, "invalid JSON")]
    public void Broken_json_lines_are_reported_with_their_line(string content, long line, string problem)
    {
        string path = Write("bad.jsonl", content);

        TabularDataException e = Assert.Throws<TabularDataException>(() => TabularFile.Profile(path));

        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_file_streams_through_a_small_buffer()
    {
        string path = _dir.File("big.csv");
        using (var w = new StreamWriter(path))
        {
            w.WriteLine("i,label");
            for (int i = 0; i < 200_000; i++)
            {
                w.WriteLine($"{i},\"l{i % 7}\"");
            }
        }

        DatasetProfile p = TabularFile.Profile(path);

        Assert.Equal(200_000, p.RowCount);
        Assert.Equal(99_999.5, p["i"].Moments.Mean, 9);
        Assert.Equal(7, p["label"].FrequentStrings.Count);
    }

    private string Write(string name, string content)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, content);
        return path;
    }
}
