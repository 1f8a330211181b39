using System.Security.Cryptography;
using Crucible.Core.Errors;
using Crucible.TestSupport;

namespace Crucible.Tabular.Tests;

public sealed class ParquetReaderTests : IDisposable
{
    private const int Rows = 25;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Parquet_reads_equal_to_the_same_csv_across_row_groups()
    {
        string parquet = WriteSample("s.parquet", rowGroupSize: 7);
        string csv = _dir.File("s.csv");
        File.WriteAllText(csv, SampleCsv());

        List<string?[]> fromParquet = ReadAll(parquet, out IReadOnlyList<string> parquetColumns, out List<TabularPosition> positions);
        List<string?[]> fromCsv = ReadAll(csv, out IReadOnlyList<string> csvColumns, out _);

        Assert.Equal(csvColumns, parquetColumns);
        Assert.Equal(Rows, fromParquet.Count);
        Assert.Equal(fromCsv.Count, fromParquet.Count);
        for (int i = 0; i < Rows; i++)
        {
            Assert.Equal((IEnumerable<string?>)fromCsv[i], fromParquet[i]);
        }

        // 25 rows in groups of 7: 7, 7, 7, 4; positions are 1-based.
        Assert.Equal(TabularPosition.InRowGroup(1, 1), positions[0]);
        Assert.Equal(TabularPosition.InRowGroup(2, 1), positions[7]);
        Assert.Equal(TabularPosition.InRowGroup(4, 4), positions[24]);
        Assert.Equal("row group 4, row 4", positions[24].ToString());
    }

    [Fact]
    public void Cells_are_typed_by_the_one_rule_whatever_the_format()
    {
        string parquet = WriteSample("t.parquet", rowGroupSize: 10);
        List<string?[]> rows = ReadAll(parquet, out _, out _);

        Assert.Equal(CellKind.Integer, TabularCell.Classify(rows[1][0]!, out _));
        Assert.Equal(CellKind.Float, TabularCell.Classify(rows[1][1]!, out double x));
        Assert.Equal(1.5, x);
        Assert.Equal(CellKind.Boolean, TabularCell.Classify(rows[1][3]!, out _));
        Assert.Equal(CellKind.DateTime, TabularCell.Classify(rows[1][4]!, out _));
        Assert.Equal(CellKind.String, TabularCell.Classify(rows[1][2]!, out _));
        Assert.Null(rows[0][1]);
        Assert.Null(rows[3][1]);
    }

    [Fact]
    public void Digest_and_format_come_from_the_file()
    {
        string parquet = WriteSample("d.parquet", rowGroupSize: 5);
        using var reader = TabularReader.Open(parquet);
        Assert.Equal(TabularFormat.Parquet, reader.Format);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(parquet))), reader.Sha256());
        Assert.Equal(TabularFormat.Parquet, TabularReader.FormatOf("x.PARQUET"));
        Assert.Equal(TabularFormat.Parquet, TabularFormats.Parse("parquet"));
    }

    [Fact]
    public void A_file_that_is_not_parquet_is_named_in_the_error()
    {
        string path = _dir.File("broken.parquet");
        File.WriteAllText(path, "a,b\n1,2\n");

        var e = Assert.Throws<TabularDataException>(() => TabularReader.Open(path));

        Assert.Equal(ErrorCode.InvalidParameterValue, e.Code);
        Assert.StartsWith("broken.parquet: not a readable Parquet file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cell_error_names_row_group_row_and_column()
    {
        var e = new TabularDataException("f.parquet", TabularPosition.InRowGroup(3, 12), "score", "the score is missing");
        Assert.Equal("f.parquet: row group 3, row 12, column 'score': the score is missing", e.Message);
        Assert.Null(e.Line);
        var csv = new TabularDataException("f.csv", TabularPosition.AtLine(4), "score", "bad");
        Assert.Equal("f.csv: line 4, column 'score': bad", csv.Message);
        Assert.Equal(4, csv.Line);
    }

    [Fact]
    public void Many_row_groups_stream_one_group_at_a_time()
    {
        const int n = 200_000;
        string path = _dir.File("big.parquet");
        ParquetTestFile.Write(
            path,
            10_000,
            new ParquetTestColumn("i", Enumerable.Range(0, n).Select(i => (long?)i).ToArray()),
            new ParquetTestColumn("name", Enumerable.Range(0, n).Select(i => (string?)$"n{i % 13}").ToArray()));
        long before = GC.GetTotalMemory(forceFullCollection: true);

        using var reader = TabularReader.Open(path);
        long rows = 0;
        long peak = 0;
        while (reader.TryReadRow(out string?[]? row))
        {
            Assert.Equal(rows.ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
            if (++rows % 50_000 == 0)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - before);
            }
        }

        Assert.Equal(n, rows);
        Assert.Equal(TabularPosition.InRowGroup(20, 10_000), reader.Position);

        // One group of 10,000 rows as strings is well under 8 MB; the whole file as strings would be far more.
        Assert.True(peak < 8L * 1024 * 1024, $"peak {peak} bytes");
    }

    internal static string?[] Names(int n) =>
        [.. Enumerable.Range(0, n).Select(i => i % 5 == 2 ? null : i % 3 == 0 ? "red, \"dark\"" : $"c{i % 4}")];

    private string WriteSample(string name, int rowGroupSize)
    {
        string path = _dir.File(name);
        ParquetTestFile.Write(
            path,
            rowGroupSize,
            new ParquetTestColumn("id", Enumerable.Range(0, Rows).Select(i => (long?)i).ToArray()),
            new ParquetTestColumn("x", Enumerable.Range(0, Rows).Select(i => i % 3 == 0 ? null : (double?)(i * 1.5)).ToArray()),
            new ParquetTestColumn("name", Names(Rows)),
            new ParquetTestColumn("ok", Enumerable.Range(0, Rows).Select(i => i % 4 == 3 ? null : (bool?)(i % 2 == 0)).ToArray()),
            new ParquetTestColumn("at", Enumerable.Range(0, Rows).Select(i => i == 5 ? null : (DateTime?)new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddMinutes(i)).ToArray()));
        return path;
    }

    private static string SampleCsv()
    {
        var lines = new List<string> { "id,x,name,ok,at" };
        string?[] names = Names(Rows);
        for (int i = 0; i < Rows; i++)
        {
            string x = i % 3 == 0 ? "" : (i * 1.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            string name = names[i] is { } s ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : "NA";
            string ok = i % 4 == 3 ? "" : i % 2 == 0 ? "true" : "false";
            string at = i == 5 ? "null" : new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            lines.Add($"{i},{x},{name},{ok},{at}");
        }

        return string.Join('\n', lines) + "\n";
    }

    private static List<string?[]> ReadAll(string path, out IReadOnlyList<string> columns, out List<TabularPosition> positions)
    {
        using var reader = TabularReader.Open(path);
        columns = [.. reader.Columns];
        positions = [];
        var rows = new List<string?[]>();
        while (reader.TryReadRow(out string?[]? row))
        {
            rows.Add(row);
            positions.Add(reader.Position);
        }

        return rows;
    }
}
