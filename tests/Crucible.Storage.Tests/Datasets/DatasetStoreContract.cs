using System.Globalization;
using Crucible.Core.Datasets;
using Crucible.Core.Errors;
using Crucible.TestSupport;

namespace Crucible.Storage.Tests.Datasets;

/// <summary>Dataset records, run unchanged against SQLite and PostgreSQL.</summary>
public abstract class DatasetStoreContract : IAsyncLifetime
{
    protected ManualTimeProvider Clock { get; } = new();

    protected MetadataStore Store { get; private set; } = null!;

    protected IDatasetStore Datasets => Store.Datasets;

    protected static CancellationToken Ct => CancellationToken.None;

    protected abstract string StoreUri();

    public async Task InitializeAsync() =>
        Store = await MetadataStore.OpenAsync(StoreUri(), new MetadataStoreOptions { Seed = 7 }, Clock, CancellationToken.None);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    private static string Digest(int i) => i.ToString("x64", CultureInfo.InvariantCulture);

    private static NewDatasetVersion Version(string name, int digest, DatasetProvenance? provenance = null, string format = "csv") => new(
        name,
        Digest(digest),
        "s3://raw/customers.csv",
        $"mlflow-artifacts:/datasets/{name}/{Digest(digest)}/data.{format}",
        format,
        100 + digest,
        1000 + digest,
        """[{"name":"id","type":"integer","nullable":false}]""",
        """{"row_count":100}""",
        provenance ?? DatasetProvenance.None);

    private static async Task<CrucibleException> FailsAsync(ErrorCode code, Func<Task> action)
    {
        var e = await Assert.ThrowsAsync<CrucibleException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    [Fact]
    public async Task Create_get_and_list_versions_round_trip_every_field()
    {
        var first = await Datasets.RegisterVersionAsync(Version("customers", 1), Ct);
        Assert.True(first.Created);
        Assert.Equal(1, first.Version.Version);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var provenance = new DatasetProvenance("ana", "CC-BY-4.0", "masked emails", [new DatasetParent("customers", 1)], "redact: mask email");
        var second = await Datasets.RegisterVersionAsync(Version("customers", 2, provenance, "jsonl"), Ct);
        Assert.Equal(2, second.Version.Version);

        var read = await Datasets.GetVersionAsync("customers", 2, Ct);
        Assert.Equal(Digest(2), read.Digest);
        Assert.Equal("s3://raw/customers.csv", read.SourceUri);
        Assert.Equal($"mlflow-artifacts:/datasets/customers/{Digest(2)}/data.jsonl", read.ArtifactLocation);
        Assert.Equal("jsonl", read.Format);
        Assert.Equal((102L, 1002L), (read.RowCount, read.SizeBytes));
        Assert.Equal("""[{"name":"id","type":"integer","nullable":false}]""", read.SchemaJson);
        Assert.Equal("""{"row_count":100}""", read.ProfileJson);
        Assert.Equal(("ana", "CC-BY-4.0", "masked emails", "redact: mask email"), (read.Provenance.Owner, read.Provenance.License, read.Provenance.Description, read.Provenance.Transform));
        Assert.Equal([new DatasetParent("customers", 1)], read.Provenance.Parents);
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), read.CreationTimestamp);
        Assert.Empty((await Datasets.GetVersionAsync("customers", 1, Ct)).Provenance.Parents!);

        Assert.Equal([1L, 2L], (await Datasets.ListVersionsAsync("customers", Ct)).Select(v => v.Version));
        Assert.Equal(2, (await Datasets.FindByDigestAsync("customers", Digest(2), Ct))!.Version);
        Assert.Null(await Datasets.FindByDigestAsync("customers", Digest(9), Ct));

        await Datasets.RegisterVersionAsync(Version("Accounts", 1), Ct);
        var all = await Datasets.ListDatasetsAsync(Ct);
        Assert.Equal(["Accounts", "customers"], all.Select(d => d.Name));
        Assert.Equal([1L, 2L], all.Select(d => d.LatestVersion));
    }

    [Fact]
    public async Task Registering_the_same_digest_again_returns_the_existing_version()
    {
        var first = await Datasets.RegisterVersionAsync(Version("events", 7), Ct);
        var again = await Datasets.RegisterVersionAsync(Version("events", 7, new DatasetProvenance(Owner: "someone else")), Ct);
        Assert.False(again.Created);
        Assert.Equal(first.Version, again.Version);
        Assert.Null(again.Version.Provenance.Owner);
        Assert.Single(await Datasets.ListVersionsAsync("events", Ct));

        // The same file under another name is that name's own version 1.
        var other = await Datasets.RegisterVersionAsync(Version("events-copy", 7), Ct);
        Assert.True(other.Created);
        Assert.Equal(1, other.Version.Version);
    }

    [Fact]
    public async Task Eight_concurrent_registrations_get_distinct_consecutive_versions()
    {
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(1, 8).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await Datasets.RegisterVersionAsync(Version("race", i), Ct);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(writers);
        Assert.All(results, r => Assert.True(r.Created));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), results.Select(r => r.Version.Version).Order());
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), (await Datasets.ListVersionsAsync("race", Ct)).Select(v => v.Version));
    }

    [Fact]
    public async Task Eight_concurrent_registrations_of_one_digest_make_one_version()
    {
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(1, 8).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await Datasets.RegisterVersionAsync(Version("same", 3), Ct);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(writers);
        Assert.Single(results, r => r.Created);
        Assert.All(results, r => Assert.Equal(1, r.Version.Version));
        Assert.Single(await Datasets.ListVersionsAsync("same", Ct));
    }

    [Fact]
    public async Task Unknown_names_and_versions_do_not_exist()
    {
        await Datasets.RegisterVersionAsync(Version("known", 1), Ct);
        var e = await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Datasets.GetVersionAsync("known", 2, Ct));
        Assert.Equal("Dataset version known@2 does not exist.", e.Message);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Datasets.GetVersionAsync("nope", 1, Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Datasets.ListVersionsAsync("nope", Ct));
        var parent = await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Datasets.RegisterVersionAsync(Version("child", 1, new DatasetProvenance(Parents: [new DatasetParent("known", 5)])), Ct));
        Assert.Contains("known@5", parent.Message, StringComparison.Ordinal);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Datasets.ListVersionsAsync("child", Ct));
        Assert.Equal(["known"], (await Datasets.ListDatasetsAsync(Ct)).Select(d => d.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-leading-dash")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("a@1")]
    [InlineData("a,b")]
    [InlineData("naïve")]
    public async Task Bad_names_are_invalid_parameters(string name)
    {
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Datasets.RegisterVersionAsync(Version(name, 1), Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Datasets.GetVersionAsync(name, 1, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Datasets.ListVersionsAsync(name, Ct));
        Assert.Empty(await Datasets.ListDatasetsAsync(Ct));
    }

    [Fact]
    public async Task Names_are_at_most_256_characters_and_formats_and_digests_are_checked()
    {
        Assert.True((await Datasets.RegisterVersionAsync(Version(new string('n', 256), 1), Ct)).Created);
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Datasets.RegisterVersionAsync(Version(new string('n', 257), 1), Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Datasets.RegisterVersionAsync(Version("x", 1, format: "xlsx"), Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Datasets.RegisterVersionAsync(Version("x", 1) with { Digest = "ABC" }, Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Datasets.RegisterVersionAsync(Version("x", 1, new DatasetProvenance(Parents: [new DatasetParent("bad name", 1)])), Ct));
        Assert.Single(await Datasets.ListDatasetsAsync(Ct));
    }

    [Fact]
    public async Task Deleting_a_version_keeps_numbers_and_is_refused_while_another_version_names_it_as_parent()
    {
        await Datasets.RegisterVersionAsync(Version("raw", 1), Ct);
        await Datasets.RegisterVersionAsync(Version("raw", 2, new DatasetProvenance(Parents: [new DatasetParent("raw", 1)])), Ct);
        await Datasets.RegisterVersionAsync(Version("rawer", 3, new DatasetProvenance(Parents: [new DatasetParent("raw", 2)])), Ct);
        await Datasets.RegisterVersionAsync(Version("raw_", 4), Ct);
        await Datasets.RegisterVersionAsync(Version("rawx", 5), Ct);
        await Datasets.RegisterVersionAsync(Version("child", 6, new DatasetProvenance(Parents: [new DatasetParent("rawx", 1)])), Ct);

        var e = await FailsAsync(ErrorCode.ResourceConflict, () => Datasets.DeleteVersionAsync("raw", 1, Ct));
        Assert.Contains("raw@2", e.Message, StringComparison.Ordinal);
        e = await FailsAsync(ErrorCode.ResourceConflict, () => Datasets.DeleteVersionAsync("raw", 2, Ct));
        Assert.Contains("rawer@1", e.Message, StringComparison.Ordinal);
        Assert.Equal([1L, 2L], (await Datasets.ListVersionsAsync("raw", Ct)).Select(v => v.Version));

        // '_' is a LIKE wildcard: raw_@1 is not the parent of child@1 even though the pattern matches rawx@1.
        Assert.Equal(Digest(4), (await Datasets.DeleteVersionAsync("raw_", 1, Ct)).Digest);
        var deleted = await Datasets.DeleteVersionAsync("rawer", 1, Ct);
        Assert.Equal(Digest(3), deleted.Digest);
        Assert.Equal(Digest(2), (await Datasets.DeleteVersionAsync("raw", 2, Ct)).Digest);
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Datasets.GetVersionAsync("raw", 2, Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Datasets.DeleteVersionAsync("raw", 2, Ct));
        Assert.Null(await Datasets.FindByDigestAsync("raw", Digest(2), Ct));

        // Numbers are not reused: the next registration is 3, and the deleted digest may come back as a new version.
        Assert.Equal(3, (await Datasets.RegisterVersionAsync(Version("raw", 2), Ct)).Version.Version);
    }

    [Fact]
    public async Task Deleting_a_dataset_removes_every_version_unless_another_dataset_derives_from_it()
    {
        await Datasets.RegisterVersionAsync(Version("raw", 1), Ct);
        await Datasets.RegisterVersionAsync(Version("raw", 2, new DatasetProvenance(Parents: [new DatasetParent("raw", 1)])), Ct);
        await Datasets.RegisterVersionAsync(Version("clean", 3, new DatasetProvenance(Parents: [new DatasetParent("raw", 2)])), Ct);

        var e = await FailsAsync(ErrorCode.ResourceConflict, () => Datasets.DeleteDatasetAsync("raw", Ct));
        Assert.Contains("clean@1", e.Message, StringComparison.Ordinal);
        Assert.Equal([1L], (await Datasets.DeleteDatasetAsync("clean", Ct)).Select(v => v.Version));

        // Versions of one dataset deriving from each other go together.
        Assert.Equal([1L, 2L], (await Datasets.DeleteDatasetAsync("raw", Ct)).Select(v => v.Version));
        Assert.Empty(await Datasets.ListDatasetsAsync(Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Datasets.ListVersionsAsync("raw", Ct));
        await FailsAsync(ErrorCode.ResourceDoesNotExist, () => Datasets.DeleteDatasetAsync("raw", Ct));
        await FailsAsync(ErrorCode.InvalidParameterValue, () => Datasets.DeleteDatasetAsync("bad name", Ct));

        // The name starts afresh.
        Assert.Equal(1, (await Datasets.RegisterVersionAsync(Version("raw", 1), Ct)).Version.Version);
    }
}
