using System.Formats.Tar;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Datasets;

/// <summary>A folder of CSV or JSON Lines files registered as one dataset version (a tar upload).</summary>
public sealed class DatasetFolderApiTests : DatasetApiTestBase
{
    private static readonly (string Name, string Content)[] Parts =
    [
        ("part-b.csv", "id,score\n3,0.5\n4,\n"),
        ("2026/part-a.csv", "id,score\n1,0.25\n2,0.75\n"),
        ("part-c.csv", "id,score\n5,1.5\n"),
    ];

    private static byte[] Tar(params (string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        return buffer.ToArray();
    }

    private static string Manifest(params (string Name, string Content)[] files) => string.Concat(
        files.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{Sha256(Encoding.UTF8.GetBytes(f.Content))}  {f.Name}\n"));

    private async Task<(int Status, JsonNode? Body)> UploadAsync(string name, byte[] tar, string format = "csv")
    {
        using var content = new ByteArrayContent(tar);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await Http.PostAsync($"/api/crucible/v1/datasets/{name}/versions?format={format}", content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    [Fact]
    public async Task A_folder_is_one_version_with_summed_rows_a_merged_profile_and_a_manifest_digest()
    {
        var (status, body) = await UploadAsync("scores", Tar(Parts));
        Assert.True(status == 200, body?.ToJsonString());
        var v = body!["dataset_version"]!;
        var manifest = Manifest(Parts);
        Assert.Equal(Sha256(Encoding.UTF8.GetBytes(manifest)), (string)v["digest"]!);
        Assert.Equal(5L, (long)v["row_count"]!);
        Assert.Equal(Parts.Sum(p => (long)Encoding.UTF8.GetByteCount(p.Content)), (long)v["size_bytes"]!);
        Assert.EndsWith("/files/", (string)v["artifact_location"]!, StringComparison.Ordinal);
        var score = v["profile"]!["columns"]!.AsArray().Single(c => (string)c!["name"]! == "score")!;
        Assert.Equal(("float", 1L, 4L, 0.25, 1.5), ((string)score["type"]!, (long)score["null_count"]!, (long)score["non_null_count"]!, (double)score["min"]!, (double)score["max"]!));

        var files = await OkAsync(HttpMethod.Get, "/api/crucible/v1/datasets/scores/versions/1/files");
        Assert.Equal(["2026/part-a.csv", "part-b.csv", "part-c.csv"], files["files"]!.AsArray().Select(f => (string)f!["path"]!));
        Assert.Equal(manifest, await File.ReadAllTextAsync(Path.Combine(Artifacts, "datasets", "scores", (string)v["digest"]!, "MANIFEST.sha256")));
        Assert.Equal(Parts[1].Content, await Http.GetStringAsync("/api/crucible/v1/datasets/scores/versions/1/files/2026/part-a.csv"));

        // The same files in another order are the same version; the whole-file download points at the files.
        var (_, again) = await UploadAsync("scores", Tar([.. Parts.Reverse()]));
        Assert.False((bool)again!["created"]!);
        var (single, problem) = await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/scores/versions/1/file");
        Assert.Equal(400, single);
        Assert.Contains("/files", (string)problem!["detail"]!, StringComparison.Ordinal);
        Assert.Equal(404, (await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/scores/versions/1/files/nope.csv")).Status);

        // A changed file is caught on download; deleting the version removes the folder.
        File.WriteAllText(Path.Combine(Artifacts, "datasets", "scores", (string)v["digest"]!, "files", "part-c.csv"), "id,score\n5,9.5\n");
        Assert.Equal("DATA_LOSS", (string)(await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/scores/versions/1/files/part-c.csv")).Body!["errorCode"]!);
        await OkAsync(HttpMethod.Delete, "/api/crucible/v1/datasets/scores/versions/1");
        Assert.False(Directory.Exists(Path.Combine(Artifacts, "datasets", "scores", (string)v["digest"]!)));
    }

    public static TheoryData<string, string> BadFolders() => new()
    {
        { "schema", "part-c.csv: columns (id, points) differ from 2026/part-a.csv's" },
        { "ragged", "part-b.csv: line 3" },
        { "header", "part-c.csv: line 2" },
        { "extension", "notes.txt: every file of a csv dataset folder must be a .csv file" },
        { "escape", "'..' segments" },
        { "empty", "no data files" },
    };

    [Theory]
    [MemberData(nameof(BadFolders))]
    public async Task A_bad_file_in_a_folder_is_a_400_naming_it_and_nothing_is_registered_or_stored(string kind, string reason)
    {
        (string, string)[] files = kind switch
        {
            "schema" => [Parts[1], ("part-c.csv", "id,points\n5,1\n")],
            "ragged" => [Parts[1], ("part-b.csv", "id,score\n3,0.5\n4\n")],
            "header" => [Parts[1], ("part-c.csv", "id,score\n")],
            "extension" => [Parts[1], ("notes.txt", "hello")],
            "escape" => [Parts[1], ("../evil.csv", "id,score\n1,1\n")],
            _ => [],
        };
        var (status, problem) = await UploadAsync("bad-" + kind, Tar(files));
        Assert.Equal(400, status);
        Assert.Contains(reason, (string)problem!["detail"]!, StringComparison.Ordinal);
        Assert.Empty(await Store.ListDatasetsAsync(CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(Artifacts, "datasets", "bad-" + kind)));
    }

    [Fact]
    public async Task Not_a_tar_is_a_400()
    {
        var (status, problem) = await UploadAsync("junk", Encoding.UTF8.GetBytes(new string('x', 2000)));
        Assert.Equal(400, status);
        Assert.Contains("tar", (string)problem!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_jsonl_folder_registers_and_checks_on_a_folder_version_say_what_to_do()
    {
        var (status, body) = await UploadAsync("events", Tar(("a.jsonl", "{\"x\":1}\n"), ("b.ndjson", "{\"x\":2}\n{\"x\":3}\n")), "jsonl");
        Assert.True(status == 200, body?.ToJsonString());
        Assert.Equal((3L, "jsonl"), ((long)body!["dataset_version"]!["row_count"]!, (string)body["dataset_version"]!["format"]!));
        var (pii, problem) = await SendAsync(HttpMethod.Get, "/api/crucible/v1/datasets/events/versions/1/pii");
        Assert.Equal(400, pii);
        Assert.Contains("folder of files", (string)problem!["detail"]!, StringComparison.Ordinal);
    }
}
