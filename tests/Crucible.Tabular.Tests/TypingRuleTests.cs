namespace Crucible.Tabular.Tests;

public sealed class TypingRuleTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("NA")]
    [InlineData("N/A")]
    [InlineData("#N/A")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("None")]
    [InlineData("NaN")]
    [InlineData("nan")]
    public void Missing_tokens_are_missing(string? cell) => Assert.True(TabularCell.IsMissing(cell));

    [Theory]
    [InlineData(" ")]
    [InlineData("na")]
    [InlineData("Null")]
    [InlineData("NONE")]
    [InlineData("none ")]
    [InlineData("0")]
    [InlineData("false")]
    public void Near_misses_are_present(string cell) => Assert.False(TabularCell.IsMissing(cell));

    [Theory]
    [InlineData("0", CellKind.Integer, 0.0)]
    [InlineData("-12", CellKind.Integer, -12.0)]
    [InlineData("+7", CellKind.Integer, 7.0)]
    [InlineData("999999999999999999", CellKind.Integer, 999999999999999999.0)]
    [InlineData("1.5", CellKind.Float, 1.5)]
    [InlineData("-1e3", CellKind.Float, -1000.0)]
    [InlineData(".5", CellKind.Float, 0.5)]
    [InlineData("0.25", CellKind.Float, 0.25)]
    public void Numbers_parse_in_invariant_notation(string cell, CellKind kind, double value)
    {
        Assert.Equal(kind, TabularCell.Classify(cell, out double number));
        Assert.Equal(value, number);
        Assert.True(TabularCell.TryNumber(cell, out _));
    }

    [Theory]
    [InlineData("007", CellKind.String)]
    [InlineData("02139", CellKind.String)]
    [InlineData("1,5", CellKind.String)]
    [InlineData(" 1", CellKind.String)]
    [InlineData("1e999", CellKind.String)]
    [InlineData("Infinity", CellKind.String)]
    [InlineData("1_000", CellKind.String)]
    [InlineData("1234567890123456789", CellKind.Float)]
    [InlineData("TRUE", CellKind.Boolean)]
    [InlineData("false", CellKind.Boolean)]
    [InlineData("yes", CellKind.String)]
    [InlineData("2026-02-30", CellKind.String)]
    [InlineData("2026-01-02", CellKind.DateTime)]
    [InlineData("2026-01-02T03:04:05Z", CellKind.DateTime)]
    [InlineData("2026-01-02 03:04:05", CellKind.DateTime)]
    public void Edges_of_the_rule(string cell, CellKind kind)
    {
        Assert.Equal(kind, TabularCell.Classify(cell, out double number));
        Assert.Equal(kind is CellKind.Integer or CellKind.Float, TabularCell.TryNumber(cell, out _));
        Assert.Equal(kind is CellKind.Integer or CellKind.Float, !double.IsNaN(number));
    }

    [Fact]
    public void Csv_and_json_lines_apply_the_same_missing_rule()
    {
        using var csv = TabularReader.Open(new MemoryStream("a,b,c\nNA,\"None\",x\n"u8.ToArray()), TabularFormat.Csv);
        using var jsonl = TabularReader.Open(new MemoryStream("{\"a\":\"NA\",\"b\":null,\"c\":\"x\"}\n"u8.ToArray()), TabularFormat.Jsonl);
        Assert.True(csv.TryReadRow(out string?[]? fromCsv));
        Assert.True(jsonl.TryReadRow(out string?[]? fromJson));
        Assert.Equal(new string?[] { null, null, "x" }, fromCsv);
        Assert.Equal((IEnumerable<string?>)fromCsv, fromJson);
    }
}
