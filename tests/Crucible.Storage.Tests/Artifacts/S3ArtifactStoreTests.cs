using Amazon.S3.Model;
using Crucible.Artifacts.S3;
using Crucible.Core.Artifacts;
using Crucible.Core.Errors;

namespace Crucible.Storage.Tests.Artifacts;

/// <summary>The artifact store contract against a real S3-compatible server (moto), plus S3-only behaviour.</summary>
public sealed class S3ArtifactStoreTests(MotoServerFixture s3) : ArtifactStoreContract, IClassFixture<MotoServerFixture>
{
    // Each test works under its own prefix of the class's bucket, so tests never see each other's objects.
    private readonly string _prefix = "runs/" + Guid.NewGuid().ToString("N");

    protected override Task<IArtifactStore> CreateStoreAsync() =>
        Task.FromResult<IArtifactStore>(new S3ArtifactStore(s3.Client, s3.Options(s3.Bucket, _prefix)));

    protected override IArtifactStore CreateBrokenStore() => new S3ArtifactStore(s3.Options("crucible-no-such-bucket", _prefix));

    [Fact]
    public void FromUri_splits_bucket_and_prefix()
    {
        using var store = S3ArtifactStore.FromUri("s3://my-bucket/mlflow/artifacts/", s3.Options("ignored"));

        Assert.Equal("s3://my-bucket/mlflow/artifacts", store.RootUri);
        Assert.Equal(("b", ""), S3ArtifactStore.ParseUri("s3://b"));
        Assert.Equal(("b", "p/q"), S3ArtifactStore.ParseUri("S3://b//p/q/"));
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<CrucibleException>(() => S3ArtifactStore.ParseUri("file:///x")).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<CrucibleException>(() => S3ArtifactStore.ParseUri("s3:///x")).Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, Assert.Throws<CrucibleException>(() => S3ArtifactStore.ParseUri("s3://b/../x")).Code);
    }

    [Fact]
    public async Task A_store_at_the_bucket_root_keeps_keys_unprefixed()
    {
        var bucket = "crucible-root-" + Guid.NewGuid().ToString("N")[..12];
        await s3.Client.PutBucketAsync(bucket);
        using var store = S3ArtifactStore.FromUri($"s3://{bucket}", s3.Options("ignored"));

        await store.PutAsync("a/b.txt", new MemoryStream([1, 2, 3]), default);

        Assert.Equal([new ArtifactEntry("a", true, null)], await store.ListAsync("", default));
        var listed = await s3.Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        Assert.Equal(["a/b.txt"], listed.S3Objects.Select(o => o.Key));
    }

    [Fact]
    public async Task Objects_live_under_the_prefix()
    {
        await PutAsync("x/y.bin", TestData.Bytes(10));

        var head = await s3.Client.GetObjectMetadataAsync(s3.Bucket, _prefix + "/x/y.bin");
        Assert.Equal(10, head.ContentLength);
    }

    [Fact]
    public async Task Large_content_goes_up_in_8_MiB_parts_and_small_content_in_one_put()
    {
        await Store.PutAsync("big.bin", new TrickleStream(TestData.Bytes(20 * 1024 * 1024)), default);
        await Store.PutAsync("small.bin", new TrickleStream(TestData.Bytes(1024 * 1024)), default);

        // S3 marks a multipart object's ETag with its part count: 20 MiB in 8 MiB parts is 3 parts.
        var big = await s3.Client.GetObjectMetadataAsync(s3.Bucket, _prefix + "/big.bin");
        var small = await s3.Client.GetObjectMetadataAsync(s3.Bucket, _prefix + "/small.bin");
        Assert.EndsWith("-3\"", big.ETag, StringComparison.Ordinal);
        Assert.DoesNotContain("-", small.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_bucket_is_a_clear_error_naming_it()
    {
        using var store = new S3ArtifactStore(s3.Options("crucible-missing-bucket"));

        var put = await Assert.ThrowsAsync<CrucibleException>(() => store.PutAsync("a.txt", new MemoryStream([1]), default));
        var read = await Assert.ThrowsAsync<CrucibleException>(() => store.OpenReadAsync("a.txt", default));
        var list = await Assert.ThrowsAsync<CrucibleException>(() => store.ListAsync("", default));

        foreach (var error in new[] { put, read, list })
        {
            Assert.Equal(ErrorCode.InternalError, error.Code);
            Assert.Contains("'crucible-missing-bucket'", error.Message, StringComparison.Ordinal);
            Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_failed_multipart_upload_is_aborted()
    {
        using var cts = new CancellationTokenSource();
        var source = new TrickleStream(TestData.Bytes(20 * 1024 * 1024), stopAfter: 17 * 1024 * 1024, atStop: cts.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PutAsync("aborted.bin", source, cts.Token));

        var uploads = await s3.Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = s3.Bucket, Prefix = _prefix });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [Fact]
    public async Task Listing_pages_through_more_than_one_thousand_keys_and_delete_batches_them()
    {
        var keys = Enumerable.Range(0, 1_005).Select(i => $"many/f{i:D4}.txt").ToArray();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) =>
            await Store.PutAsync(key, new MemoryStream([7]), ct));

        var listed = await Store.ListAsync("many", default);

        Assert.Equal(keys, listed.Select(e => e.Path));
        await Store.DeleteAsync("many", default);
        Assert.Empty(await Store.ListAsync("many", default));
    }

    [Fact]
    public async Task The_endpoint_can_come_from_MLFLOW_S3_ENDPOINT_URL()
    {
        var previous = Environment.GetEnvironmentVariable("MLFLOW_S3_ENDPOINT_URL");
        Environment.SetEnvironmentVariable("MLFLOW_S3_ENDPOINT_URL", s3.Endpoint.AbsoluteUri);
        try
        {
            using var store = S3ArtifactStore.FromUri($"s3://{s3.Bucket}/{_prefix}", s3.Options("ignored") with { EndpointUrl = null });
            await store.PutAsync("env.txt", new MemoryStream([5]), default);

            Assert.Equal([5], await ReadAsync("env.txt"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MLFLOW_S3_ENDPOINT_URL", previous);
        }
    }
}
