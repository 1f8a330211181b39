using System.Text;
using Crucible.Client;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Client;

public sealed class ArtifactClientTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    [Fact]
    public async Task Upload_then_download_round_trips_the_bytes()
    {
        using var client = server.Client();
        var folder = TrackingServer.UniqueName("rt");
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31)).ToArray();

        await client.UploadArtifactAsync($"{folder}/model/weights.bin", new MemoryStream(bytes));
        using var downloaded = new MemoryStream();
        await client.DownloadArtifactAsync($"{folder}/model/weights.bin", downloaded);

        Assert.Equal(bytes, downloaded.ToArray());
    }

    [Fact]
    public async Task Paths_with_spaces_and_unicode_are_escaped_per_segment()
    {
        using var client = server.Client();
        var path = $"{TrackingServer.UniqueName("esc")}/my report/résumé #1.txt";

        await client.UploadArtifactAsync(path, new MemoryStream("hello"u8.ToArray()));
        using var downloaded = new MemoryStream();
        await client.DownloadArtifactAsync(path, downloaded);

        Assert.Equal("hello", Encoding.UTF8.GetString(downloaded.ToArray()));
        Assert.True(File.Exists(Path.Combine(server.ArtifactsDirectory, path)));
    }

    [Fact]
    public async Task List_returns_direct_children_with_sizes()
    {
        using var client = server.Client();
        var folder = TrackingServer.UniqueName("ls");
        await client.UploadArtifactAsync($"{folder}/a.txt", new MemoryStream(new byte[5]));
        await client.UploadArtifactAsync($"{folder}/sub/b.txt", new MemoryStream(new byte[7]));

        var files = await client.ListArtifactsAsync(folder);

        var file = Assert.Single(files, f => !f.IsDir);
        var dir = Assert.Single(files, f => f.IsDir);
        Assert.Equal(("a.txt", 5L), (file.Path, file.FileSize!.Value));
        Assert.Equal("sub", dir.Path);
        Assert.Empty(await client.ListArtifactsAsync(TrackingServer.UniqueName("nothing-here")));
    }

    [Fact]
    public async Task Delete_removes_the_file_and_download_then_throws_resource_does_not_exist()
    {
        using var client = server.Client();
        var path = $"{TrackingServer.UniqueName("del")}/gone.txt";
        await client.UploadArtifactAsync(path, new MemoryStream(new byte[3]));

        await client.DeleteArtifactAsync(path);
        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.DownloadArtifactAsync(path, Stream.Null));

        Assert.Equal("RESOURCE_DOES_NOT_EXIST", e.ErrorCode);
    }

    [Fact]
    public async Task File_upload_and_download_go_through_the_local_disk()
    {
        using var client = server.Client();
        using var temp = new TempDirectory();
        var source = temp.File("in.csv");
        await File.WriteAllTextAsync(source, "a,b\n1,2\n");
        var path = $"{TrackingServer.UniqueName("file")}/data.csv";

        await client.UploadArtifactFileAsync(path, source);
        await client.DownloadArtifactFileAsync(path, temp.File("out/data.csv"));

        Assert.Equal("a,b\n1,2\n", await File.ReadAllTextAsync(temp.File("out/data.csv")));
        Assert.Equal(["data.csv"], Directory.GetFiles(temp.File("out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Failed_file_download_leaves_no_partial_file()
    {
        using var client = server.Client();
        using var temp = new TempDirectory();

        await Assert.ThrowsAsync<CrucibleApiException>(() => client.DownloadArtifactFileAsync(TrackingServer.UniqueName("nope") + "/x.bin", temp.File("x.bin")));

        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public async Task Run_artifacts_uploaded_under_the_run_root_are_listed_for_the_run()
    {
        using var client = server.Client();
        var experimentId = await client.CreateExperimentAsync(TrackingServer.UniqueName("art"));
        var run = await client.CreateRunAsync(experimentId);

        await client.UploadArtifactAsync(CrucibleClient.ArtifactProxyPath(run.Info.ArtifactUri, "model/model.onnx"), new MemoryStream(new byte[11]));
        var root = await client.ListRunArtifactsAsync(run.Info.RunId);
        var model = await client.ListRunArtifactsAsync(run.Info.RunId, "model");

        Assert.Equal(run.Info.ArtifactUri, root.RootUri);
        Assert.Equal(("model", true), (Assert.Single(root.Files!).Path, root.Files![0].IsDir));
        Assert.Equal(("model/model.onnx", 11L), (Assert.Single(model.Files!).Path, model.Files![0].FileSize!.Value));
    }

    [Theory]
    [InlineData("mlflow-artifacts:/1/abc/artifacts", "model/m.onnx", "1/abc/artifacts/model/m.onnx")]
    [InlineData("mlflow-artifacts:/1/abc/artifacts/", "/m.onnx", "1/abc/artifacts/m.onnx")]
    [InlineData("mlflow-artifacts:/1/abc/artifacts", null, "1/abc/artifacts")]
    [InlineData("mlflow-artifacts:/", "x.txt", "x.txt")]
    public void Artifact_proxy_path_strips_the_scheme_and_joins(string location, string? relative, string expected) =>
        Assert.Equal(expected, CrucibleClient.ArtifactProxyPath(location, relative));

    [Fact]
    public void Artifact_proxy_path_refuses_locations_the_proxy_does_not_serve() =>
        Assert.Throws<ArgumentException>(() => CrucibleClient.ArtifactProxyPath("s3://bucket/1/abc/artifacts", "x"));
}
