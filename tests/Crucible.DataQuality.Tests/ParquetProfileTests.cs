using System.Text.Json;
using Crucible.DataQuality.Profiling;
using Crucible.Tabular;
using Crucible.TestSupport;

namespace Crucible.DataQuality.Tests;

/// <summary>A Parquet copy of a CSV fixture profiles and checks like the CSV, in process and through <c>crucible data</c>.</summary>
public sealed class ParquetProfileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Parquet_is_profiled_like_the_same_csv()
    {
        string csv = FixturePaths.Of("clean.csv");
        string parquet = ToParquet(csv, "clean.parquet", rowGroupSize: 128);

        DatasetProfile fromCsv = DatasetProfiler.Profile(csv);
        DatasetProfile fromParquet = DatasetProfiler.Profile(parquet);

        Assert.Equal(TabularFormat.Parquet, fromParquet.Format);
        Assert.Equal(fromCsv.RowCount, fromParquet.RowCount);
        Assert.Equal(fromCsv.Columns.Select(c => (c.Name, c.Type, c.Role, c.NullCount)), fromParquet.Columns.Select(c => (c.Name, c.Type, c.Role, c.NullCount)));
        foreach (string name in new[] { "x1", "x3", "age" })
        {
            Assert.Equal(fromCsv.Column(name)!.Mean!.Value, fromParquet.Column(name)!.Mean!.Value, 9);
        }

        Assert.Equal(fromCsv.Column("segment")!.DistinctCount, fromParquet.Column("segment")!.DistinctCount);
    }

    [Fact]
    public void Crucible_data_profile_and_check_take_parquet()
    {
        string parquet = ToParquet(FixturePaths.Of("clean.csv"), "clean.parquet", rowGroupSize: 100);

        var (code, stdout, stderr) = CliTests.Run("data", "profile", parquet, "--json");
        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(600, json.RootElement.GetProperty("row_count").GetInt64());
        Assert.Equal("parquet", json.RootElement.GetProperty("format").GetString());

        var check = CliTests.Run("data", "check", parquet, "--label", "label", "--reference", ToParquet(FixturePaths.Of("train_reference.csv"), "ref.parquet", 50));
        Assert.True(check.Code == 0, check.Stderr + check.Stdout);
    }

    private string ToParquet(string csv, string name, int rowGroupSize)
    {
        var rows = new List<string?[]>();
        using var reader = TabularReader.Open(csv);
        while (reader.TryReadRow(out string?[]? row))
        {
            rows.Add(row);
        }

        string path = _dir.File(name);
        ParquetTestFile.FromCells(path, rowGroupSize, reader.Columns, rows);
        return path;
    }
}
