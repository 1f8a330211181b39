using Crucible.Evaluation.Inputs;
using Crucible.TestSupport;

namespace Crucible.Evaluation.Tests.Inputs;

public sealed class PredictionFileErrorTests
{
    private static readonly PredictionColumns Binary = new("label", Scores: ["score"]);
    private static readonly PredictionColumns Multi = new("label", Scores: ["p0", "p1", "p2"]);

    [Fact]
    public void A_row_with_too_few_fields_names_its_line()
    {
        var error = Read("label,score\n1,0.9\n0\n", EvaluationTask.Binary, Binary);
        Assert.Equal(3, error.Line);
        // The one reader's message (was "line 3 has 1 fields but the header has 2"): file, line, expected and found counts.
        Assert.Contains("predictions.csv: line 3: expected 2 fields as in the header, found 1.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nan_score_names_line_and_column()
    {
        var error = Read("label,score\n1,0.9\n0,NaN\n", EvaluationTask.Binary, Binary);
        Assert.Equal(3, error.Line);
        Assert.Equal("score", error.Column);
        // NaN is a missing-value token under the one typing rule (was "the score is NaN").
        Assert.Contains("predictions.csv: line 3, column 'score': the score is missing (empty or a missing-value token such as NA or NaN).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_label_names_line_and_column()
    {
        var error = Read("label,p0,p1,p2\n2,0.2,0.3,0.5\n7,0.2,0.3,0.5\n", EvaluationTask.Multiclass, Multi);
        Assert.Equal(3, error.Line);
        Assert.Equal("label", error.Column);
        Assert.Contains("unknown label '7'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_string_label_against_declared_classes_is_rejected()
    {
        var columns = Binary with { Classes = ["no", "yes"] };
        var error = Read("label,score\nyes,0.9\nmaybe,0.2\n", EvaluationTask.Binary, columns);
        Assert.Equal(3, error.Line);
        Assert.Contains("unknown label 'maybe'; expected classes no, yes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_third_string_label_in_a_binary_task_is_unknown()
    {
        var error = Read("label,score\nyes,0.9\nno,0.2\nmaybe,0.4\n", EvaluationTask.Binary, Binary);
        Assert.Contains("unknown label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probabilities_that_do_not_sum_to_one_name_the_line()
    {
        var error = Read("label,p0,p1,p2\n2,0.2,0.3,0.5\n1,0.2,0.3,0.6\n", EvaluationTask.Multiclass, Multi);
        Assert.Equal(3, error.Line);
        Assert.Contains("sum to 1.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_column_is_named_with_the_columns_present()
    {
        var error = Read("label,prob\n1,0.9\n", EvaluationTask.Binary, Binary);
        Assert.Equal("score", error.Column);
        Assert.Contains("missing column 'score'; the file has columns: label, prob", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_in_jsonl_names_its_line()
    {
        var error = Read("{\"label\": 1, \"score\": 0.4}\n{\"label\": 0}\n", EvaluationTask.Binary, Binary, ".jsonl");
        Assert.Equal(2, error.Line);
        Assert.Contains("the score is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_score_outside_zero_one_is_rejected()
    {
        var error = Read("label,score\n1,1.5\n", EvaluationTask.Binary, Binary);
        Assert.Contains("not a probability", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_and_prediction_arrays_of_different_length_are_a_length_mismatch()
    {
        var error = Assert.Throws<EvaluationInputException>(() => PredictionTable.Regression([1.0, 2.0, 3.0], [1.0, 2.0]));
        Assert.Equal("prediction", error.Column);
        Assert.Contains("label has 3 rows but prediction has 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void String_labels_are_encoded_in_ordinal_order()
    {
        using var dir = new TempDirectory();
        var path = dir.File("p.csv");
        File.WriteAllText(path, "label,score,region\nyes,0.9,n\nno,0.2,s\n\"yes\",0.7,\"n, west\"\n");
        var table = PredictionTable.PredictionFile(path, EvaluationTask.Binary, Binary);
        Assert.Equal([1, 0, 1], table.Labels);
        Assert.Equal(new string?[] { "n", "s", "n, west" }, table.Attributes["region"].AsEnumerable());
    }

    [Fact]
    public void Parquet_predictions_read_equal_to_csv_and_errors_name_row_group_and_row()
    {
        using var dir = new TempDirectory();
        var csv = dir.File("p.csv");
        File.WriteAllText(csv, "label,score,region\n1,0.9,n\n0,0.2,s\n1,0.7,n\n0,0.4,\n1,0.55,s\n");
        var parquet = dir.File("p.parquet");
        ParquetTestFile.Write(
            parquet,
            2,
            new ParquetTestColumn("label", new long?[] { 1, 0, 1, 0, 1 }),
            new ParquetTestColumn("score", new double?[] { 0.9, 0.2, 0.7, 0.4, 0.55 }),
            new ParquetTestColumn("region", new string?[] { "n", "s", "n", null, "s" }));

        var fromCsv = PredictionTable.PredictionFile(csv, EvaluationTask.Binary, Binary);
        var fromParquet = PredictionTable.PredictionFile(parquet, EvaluationTask.Binary, Binary);
        Assert.Equal(fromCsv.Labels, fromParquet.Labels);
        Assert.Equal(fromCsv.Scores, fromParquet.Scores);
        Assert.Equal(fromCsv.Attributes["region"].AsEnumerable(), fromParquet.Attributes["region"].AsEnumerable());

        var bad = dir.File("bad.parquet");
        ParquetTestFile.Write(
            bad,
            2,
            new ParquetTestColumn("label", new long?[] { 1, 0, 1 }),
            new ParquetTestColumn("score", new double?[] { 0.9, 0.2, null }));
        var error = Assert.Throws<EvaluationInputException>(() => PredictionTable.PredictionFile(bad, EvaluationTask.Binary, Binary));
        Assert.Null(error.Line);
        Assert.Equal("score", error.Column);
        Assert.StartsWith("bad.parquet: row group 2, row 1, column 'score': the score is missing", error.Message, StringComparison.Ordinal);
    }

    private static EvaluationInputException Read(string content, EvaluationTask task, PredictionColumns columns, string extension = ".csv")
    {
        using var dir = new TempDirectory();
        var path = dir.File("predictions" + extension);
        File.WriteAllText(path, content);
        return Assert.Throws<EvaluationInputException>(() => PredictionTable.PredictionFile(path, task, columns));
    }
}
