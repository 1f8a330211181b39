using System.Net;
using System.Text;
using Crucible.Client;
using Crucible.Contracts.Datasets;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Client;

/// <summary>Datasets through the client (Crucible's native API): streamed registration, reading, download, redaction and deletion.</summary>
public sealed class DatasetClientTests(TrackingServer server) : IClassFixture<TrackingServer>, IDisposable
{
    private const string People = "id,email,city\n1,ana@example.org,Porto\n2,bo@example.com,Lyon\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_file_is_registered_with_its_provenance_read_back_and_downloaded_byte_for_byte()
    {
        using var client = server.Client();
        var name = TrackingServer.UniqueName("people");
        var path = _dir.File("people.csv");
        await File.WriteAllTextAsync(path, People);
        var progress = new Reported();

        var registered = await client.RegisterDatasetFileAsync(
            name, path, new DatasetRegistrationOptions("csv", "s3://bucket/people.csv", "crm", "CC0-1.0", "Customers & their cities"), progress);
        var again = await client.RegisterDatasetFileAsync(name, path);
        var child = await client.RegisterDatasetAsync(
            name, new MemoryStream(Encoding.UTF8.GetBytes("id,city\n1,Porto\n")), new DatasetRegistrationOptions(Parents: [$"{name}@1"], Transform: "drop email"));
        var versions = await client.ListDatasetVersionsAsync(name);
        var read = await client.GetDatasetVersionAsync(name, 1);
        var datasets = await client.ListDatasetsAsync();
        using var copy = new MemoryStream();
        await client.DownloadDatasetVersionAsync(name, 1, copy);

        var v = registered.DatasetVersion;
        Assert.True(registered.Created);
        Assert.Equal((1L, "csv", 2L, "s3://bucket/people.csv", "crm", "CC0-1.0", "Customers & their cities"), (v.Version, v.Format, v.RowCount, v.Source, v.Owner, v.License, v.Description));
        Assert.Equal(Encoding.UTF8.GetByteCount(People), progress.Last);
        Assert.Equal((false, 1L), (again.Created, again.DatasetVersion.Version));
        Assert.Equal((2L, "drop email"), (child.DatasetVersion.Version, child.DatasetVersion.Transform));
        Assert.Equal([$"{name}@1"], child.DatasetVersion.Parents);
        Assert.Equal([1L, 2L], versions.Select(x => x.Version));
        Assert.NotNull(read.Schema);
        Assert.Contains(datasets, d => d.Name == name && d.LatestVersion == 2);
        Assert.Equal(People, Encoding.UTF8.GetString(copy.ToArray()));
    }

    [Fact]
    public async Task A_folder_is_one_version_whose_files_are_listed_and_downloaded_and_a_mixed_folder_sends_nothing()
    {
        using var client = server.Client();
        var name = TrackingServer.UniqueName("folder");
        var folder = _dir.File("scores");
        Directory.CreateDirectory(Path.Combine(folder, "2026"));
        await File.WriteAllTextAsync(Path.Combine(folder, "2026", "a.csv"), "id,score\n1,0.5\n2,0.25\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "b.csv"), "id,score\n3,1\n");
        await File.WriteAllTextAsync(Path.Combine(folder, ".hidden"), "ignored");

        var registered = await client.RegisterDatasetFolderAsync(name, folder, new DatasetRegistrationOptions(Owner: "ml"));
        var files = await client.ListDatasetFilesAsync(name, 1);
        using var a = new MemoryStream();
        await client.DownloadDatasetFileAsync(name, 1, "2026/a.csv", a);

        Assert.Equal((3L, "csv", "ml"), (registered.DatasetVersion.RowCount, registered.DatasetVersion.Format, registered.DatasetVersion.Owner));
        Assert.Equal(["2026/a.csv", "b.csv"], files.Select(f => f.Path));
        Assert.Equal("id,score\n1,0.5\n2,0.25\n", Encoding.UTF8.GetString(a.ToArray()));

        var mixed = _dir.File("mixed");
        Directory.CreateDirectory(mixed);
        await File.WriteAllTextAsync(Path.Combine(mixed, "a.csv"), "id\n1\n");
        await File.WriteAllTextAsync(Path.Combine(mixed, "b.jsonl"), "{}\n");
        var other = TrackingServer.UniqueName("mixed");
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => client.RegisterDatasetFolderAsync(other, mixed));
        Assert.Contains("mixes CSV and JSON Lines", refused.Message, StringComparison.Ordinal);
        var never = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetDatasetVersionAsync(other, 1));
        Assert.Equal(HttpStatusCode.NotFound, never.StatusCode);
    }

    [Fact]
    public async Task A_malformed_file_is_refused_with_the_line_at_fault()
    {
        using var client = server.Client();

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() =>
            client.RegisterDatasetAsync(TrackingServer.UniqueName("bad"), new MemoryStream("a,b\n1,2\n3\n"u8.ToArray())));

        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE"), (e.StatusCode, e.ErrorCode));
        Assert.Contains("3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redaction_makes_a_child_version_which_protects_its_parent_until_deleted()
    {
        using var client = server.Client();
        var name = TrackingServer.UniqueName("pii");
        await client.RegisterDatasetAsync(name, new MemoryStream(Encoding.UTF8.GetBytes(People)));

        var redacted = await client.RedactDatasetVersionAsync(name, 1, new RedactDatasetRequest("mask", ["email"]));
        using var copy = new MemoryStream();
        await client.DownloadDatasetVersionAsync(name, redacted.DatasetVersion.Version, copy);
        var parent = await Assert.ThrowsAsync<CrucibleApiException>(() => client.DeleteDatasetVersionAsync(name, 1));
        var child = await client.DeleteDatasetVersionAsync(name, 2);
        var rest = await client.DeleteDatasetAsync(name);

        Assert.Equal((2L, "mask"), (redacted.DatasetVersion.Version, redacted.Method));
        Assert.Equal(["email"], redacted.Columns);
        Assert.DoesNotContain("@example", Encoding.UTF8.GetString(copy.ToArray()), StringComparison.Ordinal);
        Assert.Equal("RESOURCE_CONFLICT", parent.ErrorCode);
        Assert.Equal([2L], child.DeletedVersions);
        Assert.Equal([1L], rest.DeletedVersions);
        var gone = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetDatasetVersionAsync(name, 1));
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", gone.ErrorCode);
    }

    /// <summary>Records progress synchronously (<see cref="Progress{T}"/> would post to the thread pool and race the assertion).</summary>
    private sealed class Reported : IProgress<long>
    {
        public long Last { get; private set; }

        public void Report(long value) => Last = value;
    }
}
