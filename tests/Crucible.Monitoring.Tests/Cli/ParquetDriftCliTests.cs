using Crucible.Monitoring.Drift;
using Crucible.Tabular;
using Crucible.TestSupport;

namespace Crucible.Monitoring.Tests.Cli;

/// <summary>End to end: <c>crucible drift ref.parquet cur.parquet</c> gives the report the same data gives as CSV.</summary>
public sealed class ParquetDriftCliTests
{
    private static readonly string Reference = CliRunner.Fixture("reference.csv");
    private static readonly string Shifted = CliRunner.Fixture("current_shifted.csv");

    [Fact]
    public void Drift_on_parquet_equals_drift_on_the_same_csv()
    {
        using var dir = new TempDirectory();
        string reference = ToParquet(Reference, dir.File("reference.parquet"), rowGroupSize: 64);
        string current = ToParquet(Shifted, dir.File("current.parquet"), rowGroupSize: 100);

        (int code, string output, string error) = CliRunner.Run("drift", "--reference", reference, "--current", current, "--json");

        Assert.True(code == 0, error);
        DriftReport fromParquet = DriftJson.Deserialize(output);
        DriftReport fromCsv = FileDrift.Compute(Reference, Shifted);
        Assert.Equal(fromCsv, fromParquet, new DriftCliTests.ReportComparer());
        Assert.Equal(3, fromParquet.DriftedColumns);
        Assert.Equal(300, fromParquet.ReferenceRows);
    }

    [Fact]
    public void Profile_of_parquet_counts_rows_across_row_groups()
    {
        using var dir = new TempDirectory();
        string path = ToParquet(Reference, dir.File("reference.parquet"), rowGroupSize: 7);

        (int code, string output, string error) = CliRunner.Run("profile", path, "--json");

        Assert.True(code == 0, error);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(300, doc.RootElement.GetProperty("row_count").GetInt64());
    }

    // Writes the CSV's columns as typed Parquet columns: integers as int64, other numbers as double, the rest as strings.
    private static string ToParquet(string csv, string path, int rowGroupSize)
    {
        var rows = new List<string?[]>();
        IReadOnlyList<string> names;
        using (var reader = TabularReader.Open(csv))
        {
            while (reader.TryReadRow(out string?[]? row))
            {
                rows.Add(row);
            }

            names = [.. reader.Columns];
        }

        var columns = new ParquetTestColumn[names.Count];
        for (int c = 0; c < names.Count; c++)
        {
            string?[] cells = [.. rows.Select(r => r[c])];
            bool integers = cells.All(v => v is null || TabularCell.Classify(v, out _) == CellKind.Integer);
            bool numbers = cells.All(v => v is null || TabularCell.TryNumber(v, out _));
            columns[c] = integers
                ? new ParquetTestColumn(names[c], cells.Select(v => TabularCell.TryNumber(v, out double x) ? (long?)x : null).ToArray())
                : numbers
                    ? new ParquetTestColumn(names[c], cells.Select(v => TabularCell.TryNumber(v, out double x) ? (double?)x : null).ToArray())
                    : new ParquetTestColumn(names[c], cells);
        }

        ParquetTestFile.Write(path, rowGroupSize, columns);
        return path;
    }
}
