using Crucible.Features.Definitions;

namespace Crucible.Features.Tests.Definitions;

public sealed class FeatureRepoParserTests
{
    private const string Valid = """
        entities:
          - name: driver
            join_keys: [driver_id]
        sources:
          - name: driver_stats
            path: driver_stats.csv
            timestamp: event_timestamp
            created_timestamp: created
        feature_views:
          - name: driver_hourly
            entities: [driver]
            source: driver_stats
            ttl: 2h
            owner: ml-team
            tags: {team: rides}
            features:
              - {name: conv_rate, type: float}
              - {name: trips, type: int}
        feature_services:
          - name: driver_model
            features: [driver_hourly:conv_rate, driver_hourly:trips]
        """;

    [Fact]
    public void A_valid_file_parses_into_entities_sources_views_and_services()
    {
        var repo = FeatureRepoParser.Parse([("repo.yaml", Valid)]);
        var view = Assert.Single(repo.Views);
        Assert.Equal(TimeSpan.FromHours(2), view.Ttl);
        Assert.Equal(["conv_rate", "trips"], view.Features.Select(f => f.Name));
        Assert.Equal("rides", view.Tags["team"]);
        Assert.Equal(["driver_id"], repo.JoinKeys(view));
        Assert.Equal("created", repo.SourceOf(view).CreatedColumn);
        Assert.Equal(new FeatureRef("driver_hourly", "trips"), repo.Service("driver_model").Features[1]);
    }

    [Fact]
    public void Problems_are_reported_together_with_file_line_and_column()
    {
        var broken = Valid
            .Replace("ttl: 2h", "ttl: soon", StringComparison.Ordinal)
            .Replace("type: int", "type: integer", StringComparison.Ordinal)
            .Replace("driver_hourly:trips", "driver_hourly:nope", StringComparison.Ordinal)
            .Replace("    owner: ml-team", "    owner: ml-team\n    colour: red", StringComparison.Ordinal);
        var e = Assert.Throws<FeatureSpecException>(() => FeatureRepoParser.Parse([("repo.yaml", broken)]));
        Assert.Contains(e.Errors, x => x.Line == 13 && x.Message.Contains("ttl", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Line == 15 && x.Message.Contains("unknown field 'colour'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Line == 19 && x.Message.Contains("unknown feature type 'integer'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Line == 21 && x.Message.Contains("'driver_hourly:nope'", StringComparison.Ordinal));
        Assert.All(e.Errors, x => Assert.Equal("repo.yaml", x.File));
        Assert.StartsWith("repo.yaml:", e.Errors[0].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Definitions_across_files_resolve_and_duplicates_point_at_both()
    {
        var entities = "entities:\n  - name: driver\n    join_keys: [driver_id]\n";
        var rest = Valid[Valid.IndexOf("sources:", StringComparison.Ordinal)..];
        var repo = FeatureRepoParser.Parse([("a.yaml", entities), ("b.yaml", rest)]);
        Assert.Single(repo.Entities);

        var e = Assert.Throws<FeatureSpecException>(() => FeatureRepoParser.Parse([("a.yaml", entities), ("b.yaml", Valid)]));
        var error = Assert.Single(e.Errors);
        Assert.Equal(("b.yaml", 2), (error.File, error.Line));
        Assert.Contains("first in a.yaml at line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_yaml_and_unknown_references_are_errors()
    {
        var e = Assert.Throws<FeatureSpecException>(() => FeatureRepoParser.Parse([("x.yaml", "entities: [\n")]));
        Assert.Contains("malformed YAML", Assert.Single(e.Errors).Message, StringComparison.Ordinal);

        var unknown = Valid.Replace("entities: [driver]", "entities: [rider]", StringComparison.Ordinal).Replace("source: driver_stats", "source: elsewhere", StringComparison.Ordinal);
        e = Assert.Throws<FeatureSpecException>(() => FeatureRepoParser.Parse([("x.yaml", unknown)]));
        Assert.Contains(e.Errors, x => x.Message.Contains("entity 'rider', which is not defined", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.Message.Contains("source 'elsewhere', which is not defined", StringComparison.Ordinal));
    }
}
