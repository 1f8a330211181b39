using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.DataQuality.Checks;
using Crucible.DataQuality.Profiling;
using Crucible.DataQuality.Serialization;
using Crucible.TestSupport;

namespace Crucible.DataQuality.Tests;

public sealed class SchemaFileTests
{
    [Fact]
    public void A_profile_serves_as_the_expected_schema()
    {
        using var temp = new TempDirectory();
        string schema = temp.File("schema.json");
        DatasetProfile profile = DatasetProfiler.Profile(FixturePaths.Of("train_reference.csv"));
        File.WriteAllText(schema, JsonSerializer.Serialize(profile, DataQualityJsonContext.Default.DatasetProfile));

        IReadOnlyList<ExpectedColumn> expected = ExpectedSchemaFile.Load(schema);
        Assert.Equal(7, expected.Count);
        Assert.Equal(new ExpectedColumn("age", ColumnType.Integer, false), expected.Single(c => c.Name == "age"));

        CheckOptions options = new() { ExpectedSchema = expected };
        Assert.Equal(CheckStatus.Pass, DataChecker.Run(FixturePaths.Of("clean.csv"), options).Results.Single(r => r.Check == CheckNames.SchemaMatch).Status);
        CheckResult dirty = DataChecker.Run(FixturePaths.Of("dirty.csv"), options).Results.Single(r => r.Check == CheckNames.SchemaMatch);
        Assert.Equal(CheckStatus.Fail, dirty.Status);
        Assert.Matches("'segment' has \\d+ missing values", dirty.Message);
    }

    [Fact]
    public void A_column_list_and_its_errors()
    {
        using var temp = new TempDirectory();
        string schema = temp.File("schema.json");
        File.WriteAllText(schema, """[{"name": "x1", "type": "float"}, {"name": "label", "nullable": false}]""");
        Assert.Equal([new("x1", ColumnType.Float), new("label", null, false)], ExpectedSchemaFile.Load(schema));

        File.WriteAllText(schema, """[{"name": "x1", "type": "decimal"}]""");
        Assert.Throws<CrucibleException>(() => ExpectedSchemaFile.Load(schema));
        File.WriteAllText(schema, "{not json");
        Assert.Throws<CrucibleException>(() => ExpectedSchemaFile.Load(schema));
        Assert.Throws<CrucibleException>(() => ExpectedSchemaFile.Load(temp.File("missing.json")));
    }
}
