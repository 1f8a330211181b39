using System.Text.Json.Nodes;
using Crucible.Features.Definitions;
using Crucible.Features.Online;

namespace Crucible.Server.Tests.Features;

/// <summary>The feature store API over a real server: apply (versioned, audited), list, show, invalid files with line numbers, and online reads.</summary>
public sealed class FeaturesApiTests
{
    private const string Definitions = """
        entities:
          - {name: driver, join_keys: [driver_id]}
        sources:
          - {name: stats, path: stats.csv, timestamp: ts}
        feature_views:
          - name: driver_hourly
            entities: [driver]
            source: stats
            ttl: 0
            features: [{name: rate, type: float}]
        feature_services:
          - {name: eta, features: [driver_hourly:rate]}
        """;

    [Fact]
    public async Task Apply_versions_audits_and_serves_online_features()
    {
        await using var server = await ServerFixture.StartAsync();
        var first = await server.PostOkAsync("/api/crucible/v1/features/projects", new { name = "rides", files = new Dictionary<string, string> { ["repo.yaml"] = Definitions } });
        Assert.Equal((1L, true), ((long)first["project"]!["version"]!, (bool)first["created"]!));
        var again = await server.PostOkAsync("/api/crucible/v1/features/projects", new { name = "rides", files = new Dictionary<string, string> { ["repo.yaml"] = Definitions } });
        Assert.Equal((1L, false), ((long)again["project"]!["version"]!, (bool)again["created"]!));
        var changed = Definitions.Replace("ttl: 0", "ttl: 1h", StringComparison.Ordinal);
        var second = await server.PostOkAsync("/api/crucible/v1/features/projects", new { name = "rides", files = new Dictionary<string, string> { ["repo.yaml"] = changed } });
        Assert.Equal(2L, (long)second["project"]!["version"]!);

        var listed = (await server.GetOkAsync("/api/crucible/v1/features/projects"))["projects"]!.AsArray();
        Assert.Equal(3600L, (long)Assert.Single(listed)!["feature_views"]![0]!["ttl_seconds"]!);
        var v1 = (await server.GetOkAsync("/api/crucible/v1/features/projects/rides?version=1"))["project"]!;
        Assert.Equal(Definitions, (string)v1["files"]!["repo.yaml"]!);

        var bad = await server.SendAsync(HttpMethod.Post, "/api/crucible/v1/features/projects", new JsonObject { ["name"] = "rides", ["files"] = new JsonObject { ["repo.yaml"] = Definitions.Replace("type: float", "type: decimal", StringComparison.Ordinal) } }.ToJsonString());
        Assert.Equal((400, "application/problem+json"), (bad.Status, bad.ContentType));
        Assert.Contains("repo.yaml:10:", (string)bad.Body!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(404, (await server.SendAsync(HttpMethod.Get, "/api/crucible/v1/features/projects/nope")).Status);

        // Materialize into the server's default online store (its metadata database), then read online.
        var dir = Path.GetDirectoryName(server.ArtifactsDirectory)!;
        File.WriteAllLines(Path.Combine(dir, "stats.csv"), ["driver_id,ts,rate", "7,2026-01-01T00:00:00Z,0.25", "7,2026-01-01T01:00:00Z,0.75"]);
        await using (var store = await OnlineStore.OpenAsync("sqlite:///" + Path.Combine(dir, "crucible.db")))
        {
            await Materializer.RunAsync(FeatureRepoParser.Parse([("repo.yaml", Definitions)]), dir, "driver_hourly", store);
        }

        var online = await server.PostOkAsync("/api/crucible/v1/features/online", new { project = "rides", service = "eta", entities = new[] { new Dictionary<string, string> { ["driver_id"] = "7" }, new Dictionary<string, string> { ["driver_id"] = "8" } } });
        var results = online["results"]!.AsArray();
        Assert.Equal(("driver_hourly:rate", "2026-01-01T01:00:00Z", true), ((string)results[0]!["features"]![0]!["feature"]!, (string)results[0]!["features"]![0]!["event_timestamp"]!, (bool)results[0]!["features"]![0]!["stale"]!));
        Assert.Null(results[0]!["features"]![0]!["value"]); // version 2's ttl is one hour; the value is older (the server's clock is now)
        Assert.Null(results[1]!["features"]![0]!["event_timestamp"]);

        JsonArray entries = [];
        for (var i = 0; i < 50 && entries.Count < 3; i++)
        {
            entries = (await server.GetOkAsync("/api/crucible/v1/audit?action=POST%20/api/crucible/v1/features/projects"))["entries"]!.AsArray();
            await Task.Delay(100);
        }

        Assert.True(entries.Count >= 3, $"audit rows: {entries.Count}");
    }
}
