using Crucible.Evaluation.Inputs;
using Crucible.Evaluation.Models;
using Crucible.TestSupport;

namespace Crucible.Evaluation.Tests.Models;

/// <summary>Training and model runs read datasets through <see cref="Dataset.Read"/>: Parquet gives what the same CSV gives.</summary>
public sealed class DatasetParquetTests
{
    [Fact]
    public void A_parquet_dataset_reads_equal_to_the_same_csv()
    {
        using var dir = new TempDirectory();
        var csv = dir.File("d.csv");
        File.WriteAllText(csv, "x1,x2,region,label\n0.5,1,n,0\n1.5,2,s,1\n-2.25,3,n,1\n4,5,,0\n");
        var parquet = dir.File("d.parquet");
        ParquetTestFile.Write(
            parquet,
            3,
            new ParquetTestColumn("x1", new double?[] { 0.5, 1.5, -2.25, 4 }),
            new ParquetTestColumn("x2", new long?[] { 1, 2, 3, 5 }),
            new ParquetTestColumn("region", new string?[] { "n", "s", "n", null }),
            new ParquetTestColumn("label", new long?[] { 0, 1, 1, 0 }));

        var fromCsv = Dataset.Read(csv, "label", excludeColumns: ["region"]);
        var fromParquet = Dataset.Read(parquet, "label", excludeColumns: ["region"]);

        Assert.Equal(fromCsv.FeatureNames, fromParquet.FeatureNames);
        Assert.Equal(fromCsv.Features, fromParquet.Features);
        Assert.Equal(fromCsv.NumericColumn("label"), fromParquet.NumericColumn("label"));
    }

    [Fact]
    public void A_missing_feature_in_parquet_names_row_group_row_and_column()
    {
        using var dir = new TempDirectory();
        var parquet = dir.File("gap.parquet");
        ParquetTestFile.Write(
            parquet,
            2,
            new ParquetTestColumn("x1", new double?[] { 0.5, 1.5, null }),
            new ParquetTestColumn("label", new long?[] { 0, 1, 1 }));

        var error = Assert.Throws<EvaluationInputException>(() => Dataset.Read(parquet, "label"));

        Assert.Equal("x1", error.Column);
        Assert.StartsWith("gap.parquet: row group 2, row 1, column 'x1': the feature is missing", error.Message, StringComparison.Ordinal);
    }
}
