using Crucible.Core.Artifacts;
using Crucible.Core.Errors;

namespace Crucible.Storage.Tests.Artifacts;

/// <summary>
/// The behaviour every <see cref="IArtifactStore"/> must have, run unchanged against each implementation.
/// Each test gets a fresh, empty store.
/// </summary>
public abstract class ArtifactStoreContract : IAsyncLifetime
{
    private const int TwentyMegabytes = 20 * 1024 * 1024;
    private IArtifactStore? _store;

    protected IArtifactStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<IArtifactStore> CreateStoreAsync();

    /// <summary>A store whose backing storage fails on any access, to prove that path checks come first.</summary>
    protected abstract IArtifactStore CreateBrokenStore();

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync()
    {
        (_store as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Put_then_read_round_trips_bytes_exactly()
    {
        var bytes = TestData.Bytes(100_003);
        await PutAsync("model/weights.bin", bytes);

        Assert.Equal(bytes, await ReadAsync("model/weights.bin"));
    }

    [Fact]
    public async Task Empty_file_round_trips_and_lists_with_size_zero()
    {
        await PutAsync("empty.txt", []);

        Assert.Empty(await ReadAsync("empty.txt"));
        Assert.Equal([new ArtifactEntry("empty.txt", false, 0)], await Store.ListAsync("", default));
    }

    [Fact]
    public async Task Put_replaces_an_existing_file()
    {
        await PutAsync("metrics.json", TestData.Bytes(5_000));
        var replacement = TestData.Bytes(10, seed: 7);

        await PutAsync("metrics.json", replacement);

        Assert.Equal(replacement, await ReadAsync("metrics.json"));
        Assert.Equal([new ArtifactEntry("metrics.json", false, 10)], await Store.ListAsync("", default));
    }

    [Fact]
    public async Task Put_normalizes_redundant_slashes()
    {
        var bytes = TestData.Bytes(64);
        await PutAsync("a//b/c.txt", bytes);

        Assert.Equal(bytes, await ReadAsync("a/b/c.txt"));
    }

    [Fact]
    public async Task List_returns_direct_children_with_relative_paths_and_sizes()
    {
        await PutAsync("a.txt", TestData.Bytes(3));
        await PutAsync("dir/b.txt", TestData.Bytes(5));
        await PutAsync("dir/sub/c.bin", TestData.Bytes(7));
        await PutAsync("dir/sub/d.bin", TestData.Bytes(1));
        await PutAsync("other/e", TestData.Bytes(2));

        Assert.Equal(
            [new("a.txt", false, 3), new("dir", true, null), new("other", true, null)],
            await Store.ListAsync("", default));
        Assert.Equal(
            [new("dir/b.txt", false, 5), new("dir/sub", true, null)],
            await Store.ListAsync("dir", default));
        Assert.Equal(
            [new("dir/sub/c.bin", false, 7), new("dir/sub/d.bin", false, 1)],
            await Store.ListAsync("dir/sub/", default));
    }

    [Fact]
    public async Task List_of_a_missing_folder_or_a_file_is_empty()
    {
        await PutAsync("a.txt", TestData.Bytes(3));

        Assert.Empty(await Store.ListAsync("missing", default));
        Assert.Empty(await Store.ListAsync("missing/deeper", default));
        Assert.Empty(await Store.ListAsync("a.txt", default));
    }

    [Fact]
    public async Task List_of_an_empty_store_is_empty()
    {
        Assert.Empty(await Store.ListAsync("", default));
    }

    [Fact]
    public async Task Delete_removes_a_file_and_leaves_its_siblings()
    {
        await PutAsync("dir/keep.txt", TestData.Bytes(4));
        await PutAsync("dir/drop.txt", TestData.Bytes(5));

        await Store.DeleteAsync("dir/drop.txt", default);

        await AssertMissingAsync("dir/drop.txt");
        Assert.Equal([new ArtifactEntry("dir/keep.txt", false, 4)], await Store.ListAsync("dir", default));
    }

    [Fact]
    public async Task Delete_removes_a_folder_recursively_but_not_a_name_sharing_its_prefix()
    {
        await PutAsync("dir/a.txt", TestData.Bytes(1));
        await PutAsync("dir/sub/b.txt", TestData.Bytes(2));
        await PutAsync("dir/sub/deeper/c.txt", TestData.Bytes(3));
        await PutAsync("dirx/d.txt", TestData.Bytes(4));
        await PutAsync("dir.txt", TestData.Bytes(5));

        await Store.DeleteAsync("dir", default);

        Assert.Empty(await Store.ListAsync("dir", default));
        await AssertMissingAsync("dir/sub/deeper/c.txt");
        Assert.Equal(
            [new("dir.txt", false, 5), new("dirx", true, null)],
            await Store.ListAsync("", default));
    }

    [Fact]
    public async Task Deleting_what_is_absent_is_not_an_error()
    {
        await Store.DeleteAsync("never/was", default);
        await Store.DeleteAsync("nothing.txt", default);
    }

    [Fact]
    public async Task Deleting_the_root_is_refused()
    {
        await PutAsync("a.txt", TestData.Bytes(3));

        var error = await Assert.ThrowsAsync<CrucibleException>(() => Store.DeleteAsync("", default));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Single(await Store.ListAsync("", default));
    }

    [Fact]
    public async Task Writing_to_the_root_is_refused()
    {
        var error = await Assert.ThrowsAsync<CrucibleException>(() => Store.PutAsync("", new MemoryStream([1]), default));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Fact]
    public async Task Reading_a_missing_file_is_resource_does_not_exist()
    {
        var error = await Assert.ThrowsAsync<CrucibleException>(() => Store.OpenReadAsync("no/such/file.bin", default));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        Assert.Contains("no/such/file.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_20_MB_upload_from_a_non_seekable_stream_round_trips()
    {
        var bytes = TestData.Bytes(TwentyMegabytes);

        await Store.PutAsync("big/model.onnx", new TrickleStream(bytes), default);

        Assert.Equal([new ArtifactEntry("big/model.onnx", false, TwentyMegabytes)], await Store.ListAsync("big", default));
        Assert.Equal(TestData.Sha256(bytes), TestData.Sha256(await ReadAsync("big/model.onnx")));
    }

    [Fact]
    public async Task A_cancelled_upload_leaves_nothing_behind()
    {
        using var cts = new CancellationTokenSource();
        var source = new TrickleStream(TestData.Bytes(TwentyMegabytes), stopAfter: 12 * 1024 * 1024, atStop: cts.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync("big/partial.bin", source, cts.Token));

        await AssertMissingAsync("big/partial.bin");
        Assert.Empty(await Store.ListAsync("big", default));
    }

    [Fact]
    public async Task A_failed_overwrite_keeps_the_previous_file()
    {
        var original = TestData.Bytes(1_000, seed: 3);
        await PutAsync("data.bin", original);
        var failing = new TrickleStream(TestData.Bytes(TwentyMegabytes), stopAfter: 9 * 1024 * 1024);

        await Assert.ThrowsAsync<IOException>(() => Store.PutAsync("data.bin", failing, default));

        Assert.Equal(original, await ReadAsync("data.bin"));
        Assert.Equal([new ArtifactEntry("data.bin", false, 1_000)], await Store.ListAsync("", default));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("a/../../x")]
    [InlineData("a/..")]
    [InlineData("/etc/passwd")]
    [InlineData("a/%2e%2e/b")]
    [InlineData("%2E%2E/x")]
    [InlineData("a/..%2fb")]
    [InlineData("a\\..\\..\\x")]
    [InlineData("..\\x")]
    [InlineData("./x")]
    [InlineData("C:/Windows/x")]
    public async Task Paths_that_could_escape_the_root_are_refused_before_storage_is_touched(string path)
    {
        var store = CreateBrokenStore();
        try
        {
            await AssertInvalidAsync(() => store.PutAsync(path, new MemoryStream([1, 2, 3]), default));
            await AssertInvalidAsync(() => store.OpenReadAsync(path, default));
            await AssertInvalidAsync(() => store.ListAsync(path, default));
            await AssertInvalidAsync(() => store.DeleteAsync(path, default));
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    [Fact]
    public async Task The_broken_store_really_fails_on_valid_paths()
    {
        var store = CreateBrokenStore();
        try
        {
            Assert.NotNull(await Record.ExceptionAsync(() => store.PutAsync("ok.txt", new MemoryStream([1]), default)));
            var error = await Record.ExceptionAsync(() => store.OpenReadAsync("ok.txt", default));
            Assert.False(error is null or CrucibleException { Code: ErrorCode.InvalidParameterValue });
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    [Theory]
    [InlineData("../escaped.txt")]
    [InlineData("a/../../escaped.txt")]
    [InlineData("/tmp/escaped.txt")]
    public async Task A_refused_write_changes_nothing(string path)
    {
        await AssertInvalidAsync(() => Store.PutAsync(path, new MemoryStream([1, 2, 3]), default));

        Assert.Empty(await Store.ListAsync("", default));
    }

    protected async Task PutAsync(string path, byte[] bytes)
    {
        using var content = new MemoryStream(bytes);
        await Store.PutAsync(path, content, default);
    }

    protected async Task<byte[]> ReadAsync(string path) => await TestData.ReadAllAsync(await Store.OpenReadAsync(path, default));

    protected async Task AssertMissingAsync(string path)
    {
        var error = await Assert.ThrowsAsync<CrucibleException>(() => Store.OpenReadAsync(path, default));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
    }

    private static async Task AssertInvalidAsync(Func<Task> action)
    {
        var error = await Assert.ThrowsAsync<CrucibleException>(action);
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }
}
