using Crucible.Core.Artifacts;
using Crucible.Core.Errors;
using Crucible.Storage.Artifacts;

namespace Crucible.Storage.Tests.Artifacts;

/// <summary>The artifact store contract against a local folder, plus what only a file system can get wrong.</summary>
public sealed class LocalArtifactStoreTests : ArtifactStoreContract
{
    private readonly string _sandbox = Directory.CreateTempSubdirectory("crucible-artifacts-").FullName;

    private string Root => Path.Combine(_sandbox, "root");

    protected override Task<IArtifactStore> CreateStoreAsync() => Task.FromResult<IArtifactStore>(new LocalArtifactStore(Root));

    protected override IArtifactStore CreateBrokenStore()
    {
        // A root below a regular file: every file system call under it fails.
        var file = Path.Combine(_sandbox, "not-a-folder");
        File.WriteAllBytes(file, [0]);
        return new LocalArtifactStore(Path.Combine(file, "root"));
    }

    public override Task DisposeAsync()
    {
        Directory.Delete(_sandbox, recursive: true);
        return base.DisposeAsync();
    }

    [Fact]
    public void FromUri_accepts_file_uris_and_plain_paths()
    {
        Assert.Equal("/srv/artifacts", LocalArtifactStore.FromUri("file:///srv/artifacts").RootPath);
        Assert.Equal("/srv/artifacts", LocalArtifactStore.FromUri("/srv/artifacts/").RootPath);
        Assert.Equal("file:///srv/artifacts", LocalArtifactStore.FromUri("file:///srv/artifacts").RootUri);
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<CrucibleException>(() => LocalArtifactStore.FromUri("s3://b/p")).Code);
    }

    [Fact]
    public async Task Stale_upload_temp_files_are_removed_and_everything_else_is_kept()
    {
        var store = new LocalArtifactStore(Root);
        await store.PutAsync("1/run/artifacts/model.onnx", new MemoryStream([1, 2, 3]), CancellationToken.None);
        var folder = Path.Combine(Root, "1", "run", "artifacts");
        var stale = Path.Combine(folder, ".crucible-upload-00000000000000000000000000000001");
        var fresh = Path.Combine(folder, ".crucible-upload-00000000000000000000000000000002");
        var outside = Path.Combine(_sandbox, ".crucible-upload-00000000000000000000000000000003");
        foreach (var file in new[] { stale, fresh, outside })
        {
            File.WriteAllText(file, "partial");
        }

        var cutoff = File.GetLastWriteTimeUtc(fresh) - TimeSpan.FromMinutes(15);
        File.SetLastWriteTimeUtc(stale, cutoff - TimeSpan.FromMinutes(1));
        File.SetLastWriteTimeUtc(outside, cutoff - TimeSpan.FromMinutes(1));

        Assert.Equal(1, store.RemoveStaleUploads(new DateTimeOffset(cutoff, TimeSpan.Zero)));

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.True(File.Exists(outside), "nothing outside the root is touched");
        Assert.True(File.Exists(Path.Combine(folder, "model.onnx")));
        Assert.Equal(0, new LocalArtifactStore(Path.Combine(_sandbox, "never-created")).RemoveStaleUploads(new DateTimeOffset(cutoff, TimeSpan.Zero)));
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_no_temp_file_on_disk()
    {
        using var cts = new CancellationTokenSource();
        var source = new TrickleStream(TestData.Bytes(3_000_000), stopAfter: 1_000_000, atStop: cts.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync("dir/file.bin", source, cts.Token));

        Assert.Empty(Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Temp_files_are_hidden_and_their_names_reserved()
    {
        await PutAsync("a.txt", TestData.Bytes(2));
        File.WriteAllBytes(Path.Combine(Root, ".crucible-upload-0123"), [1, 2]);

        Assert.Equal([new ArtifactEntry("a.txt", false, 2)], await Store.ListAsync("", default));
        var error = await Assert.ThrowsAsync<CrucibleException>(() => Store.PutAsync(".crucible-upload-x", new MemoryStream([1]), default));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Fact]
    public async Task An_open_reader_keeps_seeing_the_old_file_while_it_is_replaced()
    {
        var first = TestData.Bytes(200_000, seed: 1);
        var second = TestData.Bytes(300_000, seed: 2);
        await PutAsync("model.bin", first);

        var reader = await Store.OpenReadAsync("model.bin", default);
        await PutAsync("model.bin", second);

        Assert.Equal(first, await TestData.ReadAllAsync(reader));
        Assert.Equal(second, await ReadAsync("model.bin"));
    }

    [Fact]
    public async Task A_symlink_out_of_the_root_is_refused_for_every_operation()
    {
        var outside = Directory.CreateDirectory(Path.Combine(_sandbox, "outside")).FullName;
        File.WriteAllBytes(Path.Combine(outside, "secret.txt"), [42]);
        Directory.CreateDirectory(Root);
        Directory.CreateSymbolicLink(Path.Combine(Root, "link"), outside);
        File.CreateSymbolicLink(Path.Combine(Root, "file-link"), Path.Combine(outside, "secret.txt"));

        await AssertInvalidAsync(() => Store.OpenReadAsync("link/secret.txt", default));
        await AssertInvalidAsync(() => Store.OpenReadAsync("file-link", default));
        await AssertInvalidAsync(() => Store.PutAsync("link/new.txt", new MemoryStream([1]), default));
        await AssertInvalidAsync(() => Store.ListAsync("link", default));
        await AssertInvalidAsync(() => Store.DeleteAsync("link/secret.txt", default));
        await AssertInvalidAsync(() => Store.DeleteAsync("link", default));

        Assert.Empty(await Store.ListAsync("", default));
        Assert.Equal(["secret.txt"], Directory.EnumerateFileSystemEntries(outside).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_symlink_that_stays_inside_the_root_is_followed()
    {
        await PutAsync("real/f.txt", TestData.Bytes(9));
        Directory.CreateSymbolicLink(Path.Combine(Root, "alias"), Path.Combine(Root, "real"));

        Assert.Equal(TestData.Bytes(9), await ReadAsync("alias/f.txt"));
        Assert.Equal([new ArtifactEntry("alias/f.txt", false, 9)], await Store.ListAsync("alias", default));
    }

    [Fact]
    public async Task A_file_in_the_way_of_a_folder_is_an_invalid_path()
    {
        await PutAsync("a.txt", TestData.Bytes(2));

        await AssertInvalidAsync(() => Store.PutAsync("a.txt/b.txt", new MemoryStream([1]), default));
    }

    private static async Task AssertInvalidAsync(Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<CrucibleException>(action);
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }
}
