using System.Security.Cryptography;
using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Tests;

public sealed class ProfileTests
{
    [Fact]
    public void Types_roles_nullability_digest_and_row_count_are_inferred()
    {
        string path = FixturePaths.Of("clean.csv");
        DatasetProfile profile = DatasetProfiler.Profile(path);
        Assert.Equal(600, profile.RowCount);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), profile.Sha256);
        Assert.Equal(new FileInfo(path).Length, profile.Bytes);
        AssertColumn(profile, "x1", ColumnType.Float, ColumnRole.Numeric);
        AssertColumn(profile, "age", ColumnType.Integer, ColumnRole.Numeric);
        AssertColumn(profile, "segment", ColumnType.String, ColumnRole.Categorical);
        AssertColumn(profile, "signup_date", ColumnType.DateTime, ColumnRole.Datetime);
        AssertColumn(profile, "label", ColumnType.String, ColumnRole.Categorical);
        Assert.All(profile.Columns, c => Assert.False(c.Nullable));
        ColumnProfile x3 = profile.Column("x3")!;
        Assert.InRange(x3.Mean!.Value, 48, 52);
        Assert.InRange(x3.StdDev!.Value, 9, 11);
        Assert.Equal(4, profile.Column("segment")!.DistinctCount);
    }

    [Fact]
    public void Identifiers_mixed_types_and_missing_values_show_in_the_profile()
    {
        DatasetProfile profile = DatasetProfiler.Profile(FixturePaths.Of("dirty.csv"));
        AssertColumn(profile, "record_id", ColumnType.Integer, ColumnRole.Id);
        ColumnProfile age = profile.Column("age")!;
        Assert.Equal(ColumnType.String, age.Type);
        Assert.InRange(age.MixedTypeShare, 12.0 / 593, 20.0 / 593); // 12 planted, plus any duplicated copies
        ColumnProfile segment = profile.Column("segment")!;
        Assert.True(segment.Nullable);
        Assert.True(segment.MissingShare > 0.1);
        Assert.Equal(1, profile.Column("source")!.DistinctCount);
    }

    [Fact]
    public void Json_lines_are_profiled_like_csv()
    {
        DatasetProfile profile = DatasetProfiler.Profile(FixturePaths.Bad("rows.jsonl"));
        Assert.Equal(3, profile.RowCount);
        AssertColumn(profile, "score", ColumnType.Float, ColumnRole.Numeric);
        Assert.Equal(ColumnType.Boolean, profile.Column("ok")!.Type);
        Assert.True(profile.Column("name")!.Nullable);
    }

    [Fact]
    public void Distinct_counts_are_exact_up_to_the_cap_and_estimated_beyond()
    {
        using var temp = new Crucible.TestSupport.TempDirectory();
        string path = temp.File("wide.csv");
        File.WriteAllLines(path, ["many,few", .. Enumerable.Range(0, 30_000).Select(i => $"v{i % 25_000},{i % 7}")]);
        DatasetProfile profile = DatasetProfiler.Profile(path);
        ColumnProfile many = profile.Column("many")!;
        Assert.True(many.DistinctIsEstimate);
        Assert.InRange(many.DistinctCount, 25_000 * 0.95, 25_000 * 1.05);
        Assert.Equal((7L, false), (profile.Column("few")!.DistinctCount, profile.Column("few")!.DistinctIsEstimate));
    }

    [Theory]
    [InlineData("notes", ColumnType.String, 100, 95, 0.9, 40.0, ColumnRole.Text)]
    [InlineData("code", ColumnType.String, 100, 100, 0.0, 8.0, ColumnRole.Id)]
    [InlineData("city", ColumnType.String, 1000, 30, 0.1, 7.0, ColumnRole.Categorical)]
    [InlineData("customerId", ColumnType.Integer, 100, 95, 0.0, 5.0, ColumnRole.Id)]
    [InlineData("income", ColumnType.Integer, 100, 100, 0.0, 6.0, ColumnRole.Numeric)]
    [InlineData("flag", ColumnType.Boolean, 100, 2, 0.0, 4.0, ColumnRole.Categorical)]
    public void Role_heuristics(string name, ColumnType type, long nonNull, long distinct, double whitespace, double length, ColumnRole expected)
    {
        double? min = name == "income" ? 20_000 : 1;
        double? max = name == "income" ? 250_000 : 100;
        Assert.Equal(expected, RoleInference.Infer(name, type, nonNull, distinct, min, max, whitespace, length));
    }

    private static void AssertColumn(DatasetProfile profile, string name, ColumnType type, ColumnRole role)
    {
        ColumnProfile column = profile.Column(name) ?? throw new Xunit.Sdk.XunitException($"no column {name}");
        Assert.Equal((type, role), (column.Type, column.Role));
    }
}
