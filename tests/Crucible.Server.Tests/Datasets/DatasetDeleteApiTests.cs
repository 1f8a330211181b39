using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Datasets;

/// <summary>Deleting dataset versions and whole datasets over the native API: records, files and lineage.</summary>
public sealed class DatasetDeleteApiTests : DatasetApiTestBase
{
    private const string People = "id,email\n1,ana@example.org\n2,bo@example.com\n";

    private string Folder(string name, JsonNode registered) => Path.Combine(Artifacts, "datasets", name, (string)registered["dataset_version"]!["digest"]!);

    [Fact]
    public async Task A_version_is_deleted_with_its_file_but_not_while_a_redacted_child_names_it_as_parent()
    {
        var raw = await RegisterAsync("people", People);
        var child = await PostJsonOkAsync("/api/crucible/v1/datasets/people/versions/1/redact", new JsonObject { ["method"] = "mask" });

        var (status, problem) = await SendAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/people/versions/1");
        Assert.Equal((409, "RESOURCE_CONFLICT"), (status, (string)problem!["errorCode"]!));
        Assert.Contains("parent of people@2", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Folder("people", raw)));

        var deleted = await OkAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/people/versions/2");
        Assert.Equal([2L], deleted["deleted_versions"]!.AsArray().Select(v => (long)v!));
        Assert.False(Directory.Exists(Folder("people", child)));
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/people/versions/2")).Status);
        Assert.Equal(404, (await SendAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/people/versions/2")).Status);

        await OkAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/people/versions/1");
        Assert.False(Directory.Exists(Folder("people", raw)));
    }

    [Fact]
    public async Task A_dataset_is_deleted_with_every_version_and_file_unless_another_dataset_derives_from_it()
    {
        await RegisterAsync("people", People);
        await RegisterAsync("people", People + "3,cy@example.net\n");
        await PostJsonOkAsync("/api/crucible/v1/datasets/people/versions/2/redact", new JsonObject { ["method"] = "mask", ["target"] = "shared" });

        var (status, problem) = await SendAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/people");
        Assert.Equal(409, status);
        Assert.Contains("shared@1", (string)problem!["detail"]!, StringComparison.Ordinal);

        await OkAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/shared");
        var deleted = await OkAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/people");
        Assert.Equal([1L, 2L], deleted["deleted_versions"]!.AsArray().Select(v => (long)v!));
        Assert.Empty(Directory.GetDirectories(Path.Combine(Artifacts, "datasets", "people")));
        Assert.Empty((await OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets"))["datasets"]!.AsArray());
        Assert.Equal(404, (await SendAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/people")).Status);
        Assert.Equal(400, (await SendAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/-bad")).Status);
        Assert.Equal(400, (await SendAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/people/versions/zero")).Status);

        // The name starts afresh.
        Assert.Equal(1L, (long)(await RegisterAsync("people", People))["dataset_version"]!["version"]!);
    }
}
