using Crucible.Core.Errors;
using Crucible.TestSupport;

namespace Crucible.Tabular.Tests;

public sealed class PositionedErrorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("r.csv", "a,b\n1,2\n3\n", 3, "r.csv: line 3: expected 2 fields as in the header, found 1.")]
    [InlineData("q.csv", "a,b\n1,\"open\n2,3\n", 2, "q.csv: line 2: a quoted field opened on this line is never closed.")]
    [InlineData("h.csv", "a,a\n1,2\n", 1, "h.csv: line 1: the header names column 'a' twice.")]
    [InlineData("j.jsonl", "{\"x\": 1}\n\n{\"x\": 2\n", 3, "j.jsonl: line 3: invalid JSON")]
    [InlineData("k.jsonl", "{\"x\": 1}\n[1]\n", 2, "k.jsonl: line 2: expected a JSON object, found Array.")]
    [InlineData("d.jsonl", "{\"x\": 1, \"x\": 2}\n", 1, "d.jsonl: line 1: key 'x' appears twice.")]
    public void Text_errors_name_file_and_line(string name, string content, long line, string message)
    {
        string path = _dir.File(name);
        File.WriteAllText(path, content);

        var e = Assert.Throws<TabularDataException>(() => ReadAll(TabularReader.Open(path)));

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.Equal(line, e.Line);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_name_overrides_the_file_name_and_a_missing_file_is_not_found()
    {
        string path = _dir.File("tmp-123.csv");
        File.WriteAllText(path, "a\n");
        var e = Assert.Throws<TabularDataException>(() => TabularReader.Open(path, new TabularOptions { SourceName = "upload" }));
        Assert.Equal("upload: line 2: the file has a header but no data rows.", e.Message);

        var missing = Assert.Throws<CrucibleException>(() => TabularReader.Open(_dir.File("nope.parquet")));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, missing.Code);
    }

    [Fact]
    public void New_json_keys_are_an_error_unless_allowed()
    {
        byte[] text = "{\"a\": 1}\n{\"a\": 2, \"b\": \"x\"}\n"u8.ToArray();
        var e = Assert.Throws<TabularDataException>(() => ReadAll(TabularReader.Open(new MemoryStream(text), TabularFormat.Jsonl)));
        Assert.Equal("line 2: key 'b' is not among the first object's keys (ragged rows).", e.Message);

        using var reader = TabularReader.Open(new MemoryStream(text), TabularFormat.Jsonl, new TabularOptions { AllowNewJsonKeys = true });
        Assert.True(reader.TryReadRow(out string?[]? first));
        Assert.Equal(new string?[] { "1" }, first);
        Assert.True(reader.TryReadRow(out string?[]? second));
        Assert.Equal(new string?[] { "2", "x" }, second);
        Assert.Equal(["a", "b"], reader.Columns);
    }

    [Fact]
    public void Folder_errors_name_the_file_within_the_folder()
    {
        Directory.CreateDirectory(_dir.File("sub"));
        File.WriteAllText(_dir.File("a.csv"), "x,y\n1,2\n");
        File.WriteAllText(_dir.File("sub/b.csv"), "x,y\n1,2\n3\n");
        using var folder = TabularFolder.Open([new FolderFile("a.csv", _dir.File("a.csv")), new FolderFile("sub/b.csv", _dir.File("sub/b.csv"))]);

        var e = Assert.Throws<TabularDataException>(() =>
        {
            while (folder.TryReadRow(out _))
            {
            }
        });

        Assert.StartsWith("sub/b.csv: line 3: expected 2 fields", e.Message, StringComparison.Ordinal);
    }

    private static void ReadAll(TabularReader reader)
    {
        using (reader)
        {
            while (reader.TryReadRow(out _))
            {
            }
        }
    }
}
