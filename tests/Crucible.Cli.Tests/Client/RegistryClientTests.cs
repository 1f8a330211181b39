using System.Net;
using Crucible.Client;
using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Tests.Client;

/// <summary>Registered models, versions, aliases, stages and tags through the client, against the real server.</summary>
public sealed class RegistryClientTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    [Fact]
    public async Task A_registered_model_is_created_tagged_updated_renamed_found_and_deleted()
    {
        using var client = server.Client();
        var name = TrackingServer.UniqueName("reg");
        var renamed = name + "-renamed";

        var created = await client.CreateRegisteredModelAsync(name, "first", [new KeyValue("team", "ml")]);
        await client.SetRegisteredModelTagAsync(name, "stage", "beta");
        await client.DeleteRegisteredModelTagAsync(name, "team");
        var updated = await client.UpdateRegisteredModelAsync(name, "second");
        var moved = await client.RenameRegisteredModelAsync(name, renamed);
        var found = await client.SearchRegisteredModelsAsync($"name = '{renamed}'");
        var read = await client.GetRegisteredModelAsync(renamed);

        Assert.Equal(("first", name), (created.Description, created.Name));
        Assert.Equal("second", updated.Description);
        Assert.Equal(renamed, moved.Name);
        Assert.Equal([renamed], (found.RegisteredModels ?? []).Select(m => m.Name));
        Assert.Equal([new KeyValue("stage", "beta")], read.Tags);
        var old = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetRegisteredModelAsync(name));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", old.ErrorCode);

        await client.DeleteRegisteredModelAsync(renamed);

        var gone = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetRegisteredModelAsync(renamed));
        Assert.Equal((HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST"), (gone.StatusCode, gone.ErrorCode));
    }

    [Fact]
    public async Task Creating_a_taken_name_throws_resource_already_exists()
    {
        using var client = server.Client();
        var name = TrackingServer.UniqueName("dup");
        await client.CreateRegisteredModelAsync(name);

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.CreateRegisteredModelAsync(name));

        Assert.Equal("RESOURCE_ALREADY_EXISTS", e.ErrorCode);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versions_take_aliases_stages_and_tags_and_are_searched_page_by_page()
    {
        using var client = server.Client();
        var (name, runId) = await ClientFixtures.RegisteredVersionAsync(client);
        var (_, package) = await ClientFixtures.PackagedRunAsync(client);
        var second = await client.CreateModelVersionAsync(name, package.Source, description: "retrained", tags: [new KeyValue("data", "recent")]);

        await client.SetRegisteredModelAliasAsync(name, "champion", "1");
        var first = await client.GetModelVersionByAliasAsync(name, "champion");
        await client.SetRegisteredModelAliasAsync(name, "champion", "2");
        var moved = await client.GetModelVersionByAliasAsync(name, "champion");
        await client.DeleteRegisteredModelAliasAsync(name, "champion");
        var staged = await client.TransitionModelVersionStageAsync(name, "2", "Production");
        var latest = await client.GetLatestVersionsAsync(name, ["Production"]);
        await client.SetModelVersionTagAsync(name, "1", "checked", "yes");
        await client.DeleteModelVersionTagAsync(name, "2", "data");
        await client.UpdateModelVersionAsync(name, "1", "baseline");
        var one = await client.GetModelVersionAsync(name, "1");
        var two = await client.GetModelVersionAsync(name, "2");
        var uri = await client.GetModelVersionDownloadUriAsync(name, "1");
        var all = new List<ModelVersionDto>();
        await foreach (var version in client.SearchAllModelVersionsAsync($"name = '{name}'", pageSize: 1))
        {
            all.Add(version);
        }

        Assert.Equal("2", second.Version);
        Assert.Equal((runId, "1"), (first.RunId, first.Version));
        Assert.Equal("2", moved.Version);
        var noAlias = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetModelVersionByAliasAsync(name, "champion"));
        Assert.Equal("INVALID_PARAMETER_VALUE", noAlias.ErrorCode);
        Assert.Contains("champion", noAlias.Message, StringComparison.Ordinal);
        Assert.Equal("Production", staged.CurrentStage);
        Assert.Equal(["2"], latest.Select(v => v.Version));
        Assert.Equal("baseline", one.Description);
        Assert.Contains(new KeyValue("checked", "yes"), one.Tags ?? []);
        Assert.DoesNotContain(two.Tags ?? [], t => t.Key == "data");
        Assert.Contains(runId, uri, StringComparison.Ordinal);
        Assert.Equal(["1", "2"], all.Select(v => v.Version).Order());
    }

    [Fact]
    public async Task A_deleted_version_is_gone_and_the_model_keeps_the_others()
    {
        using var client = server.Client();
        var (name, _) = await ClientFixtures.RegisteredVersionAsync(client);
        var (_, package) = await ClientFixtures.PackagedRunAsync(client);
        await client.CreateModelVersionAsync(name, package.Source);

        await client.DeleteModelVersionAsync(name, "1");

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetModelVersionAsync(name, "1"));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", e.ErrorCode);
        Assert.Equal(["2"], ((await client.SearchModelVersionsAsync($"name = '{name}'")).ModelVersions ?? []).Select(v => v.Version));
    }

    [Fact]
    public async Task Registered_models_are_searched_page_by_page()
    {
        using var client = server.Client();
        var prefix = TrackingServer.UniqueName("page");
        foreach (var suffix in new[] { "a", "b", "c" })
        {
            await client.CreateRegisteredModelAsync($"{prefix}-{suffix}");
        }

        var names = new List<string>();
        await foreach (var model in client.SearchAllRegisteredModelsAsync($"name LIKE '{prefix}%'", ["name ASC"], pageSize: 2))
        {
            names.Add(model.Name);
        }

        Assert.Equal([$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"], names);
    }
}
