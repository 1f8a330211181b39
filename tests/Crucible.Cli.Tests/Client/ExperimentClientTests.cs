using System.Net;
using Crucible.Client;
using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Tests.Client;

public sealed class ExperimentClientTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    [Fact]
    public async Task Create_then_get_by_id_and_by_name_returns_the_experiment_with_its_tags()
    {
        using var client = server.Client();
        var name = TrackingServer.UniqueName("exp");

        var id = await client.CreateExperimentAsync(name, tags: [new KeyValue("team", "ml")]);
        var byId = await client.GetExperimentAsync(id);
        var byName = await client.GetExperimentByNameAsync(name);

        Assert.Equal(name, byId.Name);
        Assert.Equal("active", byId.LifecycleStage);
        Assert.Equal(id, byName.ExperimentId);
        Assert.Contains(new KeyValue("team", "ml"), byId.Tags ?? []);
        Assert.True(byId.CreationTime > 0);
    }

    [Fact]
    public async Task Create_keeps_an_explicit_artifact_location()
    {
        using var client = server.Client();
        var id = await client.CreateExperimentAsync(TrackingServer.UniqueName("loc"), artifactLocation: "mlflow-artifacts:/custom/place");

        Assert.Equal("mlflow-artifacts:/custom/place", (await client.GetExperimentAsync(id)).ArtifactLocation);
    }

    [Fact]
    public async Task Update_renames_the_experiment()
    {
        using var client = server.Client();
        var id = await client.CreateExperimentAsync(TrackingServer.UniqueName("old"));
        var newName = TrackingServer.UniqueName("new");

        await client.UpdateExperimentAsync(id, newName);

        Assert.Equal(newName, (await client.GetExperimentAsync(id)).Name);
    }

    [Fact]
    public async Task Delete_and_restore_move_the_experiment_between_lifecycle_stages()
    {
        using var client = server.Client();
        var id = await client.CreateExperimentAsync(TrackingServer.UniqueName("life"));

        await client.DeleteExperimentAsync(id);
        var deleted = await client.GetExperimentAsync(id);
        var deletedOnly = await client.SearchAllExperimentsAsync(viewType: ViewType.DeletedOnly).ToListAsync();
        await client.RestoreExperimentAsync(id);

        Assert.Equal("deleted", deleted.LifecycleStage);
        Assert.Contains(deletedOnly, e => e.ExperimentId == id);
        Assert.Equal("active", (await client.GetExperimentAsync(id)).LifecycleStage);
    }

    [Fact]
    public async Task Set_and_delete_tag_change_the_experiment_tags()
    {
        using var client = server.Client();
        var id = await client.CreateExperimentAsync(TrackingServer.UniqueName("tags"));

        await client.SetExperimentTagAsync(id, "stage", "dev");
        await client.SetExperimentTagAsync(id, "stage", "prod");
        var tagged = await client.GetExperimentAsync(id);
        await client.DeleteExperimentTagAsync(id, "stage");

        Assert.Equal([new KeyValue("stage", "prod")], tagged.Tags);
        Assert.Empty((await client.GetExperimentAsync(id)).Tags ?? []);
    }

    [Fact]
    public async Task Search_pages_follow_next_page_token_until_the_last_page()
    {
        using var client = server.Client();
        var prefix = TrackingServer.UniqueName("page");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await client.CreateExperimentAsync($"{prefix}-{i}"));
        }

        var filter = $"name LIKE '{prefix}%'";
        var first = await client.SearchExperimentsAsync(filter, maxResults: 2);
        var all = await client.SearchAllExperimentsAsync(filter, orderBy: ["name ASC"], pageSize: 2).ToListAsync();

        Assert.Equal(2, first.Experiments?.Count);
        Assert.False(string.IsNullOrEmpty(first.NextPageToken));
        Assert.Equal(ids, all.Select(e => e.ExperimentId));
    }

    [Fact]
    public async Task Search_with_filter_and_order_returns_only_matches_in_order()
    {
        using var client = server.Client();
        var prefix = TrackingServer.UniqueName("order");
        await client.CreateExperimentAsync($"{prefix}-b");
        await client.CreateExperimentAsync($"{prefix}-a");

        var found = await client.SearchAllExperimentsAsync($"name LIKE '{prefix}%'", ["name DESC"]).ToListAsync();

        Assert.Equal([$"{prefix}-b", $"{prefix}-a"], found.Select(e => e.Name));
    }

    [Fact]
    public async Task Unknown_experiment_id_throws_resource_does_not_exist()
    {
        using var client = server.Client();

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetExperimentAsync("987654"));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", e.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public async Task Unknown_experiment_name_throws_resource_does_not_exist()
    {
        using var client = server.Client();

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetExperimentByNameAsync(TrackingServer.UniqueName("missing")));

        Assert.Equal("RESOURCE_DOES_NOT_EXIST", e.ErrorCode);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_name_throws_resource_already_exists_with_400()
    {
        using var client = server.Client();
        var name = TrackingServer.UniqueName("dup");
        await client.CreateExperimentAsync(name);

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.CreateExperimentAsync(name));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal("RESOURCE_ALREADY_EXISTS", e.ErrorCode);
    }

    [Fact]
    public async Task Bad_filter_throws_invalid_parameter_value()
    {
        using var client = server.Client();

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.SearchExperimentsAsync("name ~~ 'x'"));

        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.Equal("INVALID_PARAMETER_VALUE", e.ErrorCode);
    }
}
