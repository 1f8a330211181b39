using System.CommandLine;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.Cli.Commands;
using Crucible.Cli.Tests.Client;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Commands;

/// <summary>
/// <c>crucible data redact NAME@VERSION</c>, <c>crucible data delete</c> and <c>crucible server --max-dataset-bytes</c>
/// against a real server.
/// </summary>
public sealed class DataServerCommandsTests(TrackingServer server) : IClassFixture<TrackingServer>, IDisposable
{
    private const string People = "id,email,city\n1,ana@example.org,Porto\n2,bo@example.com,Lyon\n";

    private readonly TempDirectory _dir = new();

    private string Uri => server.Uri.ToString();

    public void Dispose() => _dir.Dispose();

    private async Task<string> RegisterAsync(string prefix, string content, string extension = "csv")
    {
        var name = TrackingServer.UniqueName(prefix);
        var file = _dir.File($"{name}.{extension}");
        await File.WriteAllTextAsync(file, content);
        var result = await Cli.RunAsync("data", "register", file, "--name", name, "--tracking-uri", Uri);
        Assert.True(result.ExitCode == 0, result.Error);
        return name;
    }

    [Fact]
    public async Task Redact_register_makes_a_child_version_on_the_server_and_the_file_form_still_works()
    {
        var name = await RegisterAsync("people", People);
        var result = await Cli.RunAsync("data", "redact", $"{name}@1", "--register", "--method", "hash", "--salt", "s3cret", "--tracking-uri", Uri, "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        var answer = JsonNode.Parse(result.Output)!;
        var v2 = answer["dataset_version"]!;
        Assert.Equal((2L, $"{name}@1"), ((long)v2["version"]!, (string)v2["parents"]![0]!));
        Assert.StartsWith("redact: hash (HMAC-SHA-256, secret salt) email", (string)v2["transform"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.Output, StringComparison.Ordinal);

        var table = await Cli.RunAsync("data", "redact", $"{name}@1", "--register", "--method", "mask", "--columns", "city", "--target", name + "-pub", "--tracking-uri", Uri);
        Assert.True(table.ExitCode == 0, table.Error);
        Assert.Contains($"Registered '{name}-pub' version 1 from {name}@1: redact: mask city.", table.Output, StringComparison.Ordinal);

        // NAME@VERSION without --register: download and redact into a local file.
        var local = _dir.File("local.csv");
        var downloaded = await Cli.RunAsync("data", "redact", $"{name}@1", "--out", local, "--method", "drop", "--columns", "email", "--tracking-uri", Uri);
        Assert.True(downloaded.ExitCode == 0, downloaded.Error);
        Assert.Equal("id,city\r\n1,Porto\r\n2,Lyon\r\n", await File.ReadAllTextAsync(local));
        Assert.True(File.Exists(local + ".provenance.json"));

        // The file form, old flags and the new --method form with columns from a PII scan.
        var input = _dir.File("in.csv");
        await File.WriteAllTextAsync(input, People);
        var old = await Cli.RunAsync("data", "redact", input, "--out", _dir.File("old.csv"), "--mask", "email");
        Assert.True(old.ExitCode == 0, old.Error);
        Assert.Contains("redact: mask email", old.Output, StringComparison.Ordinal);
        var auto = await Cli.RunAsync("data", "redact", input, "--out", _dir.File("auto.csv"), "--method", "mask");
        Assert.True(auto.ExitCode == 0, auto.Error);
        Assert.Contains("1,***@*******.***,Porto", await File.ReadAllTextAsync(_dir.File("auto.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_redactions_say_why_and_register_nothing()
    {
        var name = await RegisterAsync("people", People);
        var noSalt = await Cli.RunAsync("data", "redact", $"{name}@1", "--register", "--method", "hash", "--tracking-uri", Uri);
        Assert.Equal(1, noSalt.ExitCode);
        Assert.Contains("salt", noSalt.Error, StringComparison.Ordinal);
        var noMethod = await Cli.RunAsync("data", "redact", $"{name}@1", "--register", "--mask", "email", "--tracking-uri", Uri);
        Assert.Equal(1, noMethod.ExitCode);
        Assert.Contains("--method", noMethod.Error, StringComparison.Ordinal);
        var missing = await Cli.RunAsync("data", "redact", $"{name}@9", "--register", "--method", "mask", "--tracking-uri", Uri);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", missing.Error, StringComparison.Ordinal);
        var noOut = await Cli.RunAsync("data", "redact", $"{name}@1", "--method", "mask", "--tracking-uri", Uri);
        Assert.Equal(2, noOut.ExitCode);
        var both = await Cli.RunAsync("data", "redact", _dir.File("x.csv"), "--out", _dir.File("y.csv"), "--method", "mask", "--mask", "email");
        Assert.Equal(2, both.ExitCode);

        var versions = JsonNode.Parse((await Cli.RunAsync("data", "versions", name, "--tracking-uri", Uri, "--json")).Output)!;
        Assert.Single(versions["versions"]!.AsArray());
    }

    [Fact]
    public async Task Delete_removes_a_version_or_a_dataset_and_refuses_a_parent()
    {
        var name = await RegisterAsync("people", People);
        Assert.Equal(0, (await Cli.RunAsync("data", "redact", $"{name}@1", "--register", "--method", "mask", "--tracking-uri", Uri)).ExitCode);

        var parent = await Cli.RunAsync("data", "delete", $"{name}@1", "--tracking-uri", Uri);
        Assert.Equal(1, parent.ExitCode);
        Assert.Contains("RESOURCE_CONFLICT", parent.Error, StringComparison.Ordinal);

        var one = await Cli.RunAsync("data", "delete", $"{name}@2", "--tracking-uri", Uri);
        Assert.True(one.ExitCode == 0, one.Error);
        Assert.Contains($"Deleted '{name}' version 2.", one.Output, StringComparison.Ordinal);

        var all = await Cli.RunAsync("data", "delete", name, "--tracking-uri", Uri, "--json");
        Assert.True(all.ExitCode == 0, all.Error);
        Assert.Equal([1L], JsonNode.Parse(all.Output)!["deleted_versions"]!.AsArray().Select(v => (long)v!));
        Assert.False(Directory.Exists(Path.Combine(server.ArtifactsDirectory, "datasets", name)) && Directory.EnumerateFileSystemEntries(Path.Combine(server.ArtifactsDirectory, "datasets", name)).Any());

        var gone = await Cli.RunAsync("data", "versions", name, "--tracking-uri", Uri);
        Assert.Equal(1, gone.ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("data", "delete", "bad name", "--tracking-uri", Uri)).ExitCode);
    }

    [Fact]
    public async Task Register_a_folder_uploads_its_files_as_one_version_and_refuses_a_mixed_one()
    {
        var folder = Directory.CreateDirectory(_dir.File("parts")).FullName;
        Directory.CreateDirectory(Path.Combine(folder, "2026"));
        await File.WriteAllTextAsync(Path.Combine(folder, "2026", "a.csv"), "id,score\n1,0.5\n2,0.25\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "b.csv"), "id,score\n3,1\n");
        await File.WriteAllTextAsync(Path.Combine(folder, ".hidden"), "ignored");
        var name = TrackingServer.UniqueName("parts");

        var result = await Cli.RunAsync("data", "register", folder, "--name", name, "--owner", "ana", "--tracking-uri", Uri, "--json");
        Assert.True(result.ExitCode == 0, result.Error);
        var v = JsonNode.Parse(result.Output)!["dataset_version"]!;
        Assert.Equal((3L, "csv", "ana"), ((long)v["row_count"]!, (string)v["format"]!, (string)v["owner"]!));

        await File.WriteAllTextAsync(Path.Combine(folder, "c.csv"), "id,points\n4,1\n");
        var mismatch = await Cli.RunAsync("data", "register", folder, "--name", name, "--tracking-uri", Uri);
        Assert.Equal(1, mismatch.ExitCode);
        Assert.Contains("c.csv: columns (id, points)", mismatch.Error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(folder, "c.jsonl"), "{}\n");
        var mixed = await Cli.RunAsync("data", "register", folder, "--name", name, "--tracking-uri", Uri);
        Assert.Equal(1, mixed.ExitCode);
        Assert.Contains("mixes CSV and JSON Lines", mixed.Error, StringComparison.Ordinal);
        var versions = JsonNode.Parse((await Cli.RunAsync("data", "versions", name, "--tracking-uri", Uri, "--json")).Output)!;
        Assert.Single(versions["versions"]!.AsArray());
    }

    [Fact]
    public async Task Register_a_parquet_file_profiles_it_on_the_server_like_its_csv_twin()
    {
        var name = TrackingServer.UniqueName("parquet");
        var parquet = _dir.File($"{name}.parquet");
        ParquetTestFile.Write(
            parquet,
            rowGroupSize: 2,
            new ParquetTestColumn("id", new long?[] { 1, 2, 3 }),
            new ParquetTestColumn("score", new double?[] { 0.5, null, 0.25 }),
            new ParquetTestColumn("city", new[] { "Porto", "Lyon", "Porto" }));

        var result = await Cli.RunAsync("data", "register", parquet, "--name", name, "--tracking-uri", Uri, "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        var v = JsonNode.Parse(result.Output)!["dataset_version"]!;
        Assert.Equal((3L, "parquet"), ((long)v["row_count"]!, (string)v["format"]!));
        var csv = await RegisterAsync("parquet-twin", "id,score,city\n1,0.5,Porto\n2,,Lyon\n3,0.25,Porto\n");
        using var http = new HttpClient { BaseAddress = server.Uri };
        var byParquet = JsonNode.Parse(await http.GetStringAsync($"api/crucible/v1/datasets/{name}/versions/1"))!;
        var byCsv = JsonNode.Parse(await http.GetStringAsync($"api/crucible/v1/datasets/{csv}/versions/1"))!;
        Assert.Equal(byCsv["schema"]!.ToJsonString(), byParquet["schema"]!.ToJsonString());
        Assert.Equal(byCsv["profile"]!["columns"]!.ToJsonString(), byParquet["profile"]!["columns"]!.ToJsonString());
    }

    [Fact]
    public async Task Server_max_dataset_bytes_limits_registrations()
    {
        using var dir = new TempDirectory();
        var port = TransportTests.FreePort();
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        var run = CrucibleCommand.Create()
            .Parse(["server", "--no-auth", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--backend-store-uri", "sqlite:///" + dir.File("c.db"), "--artifacts-destination", dir.File("a"), "--max-dataset-bytes", "64"])
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, stop.Token);
        using var http = new HttpClient { BaseAddress = new System.Uri($"http://127.0.0.1:{port}") };
        try
        {
            await WaitHealthyAsync(http, run);
            using var small = await http.PostAsync("/api/crucible/v1/datasets/small/versions", new ByteArrayContent(Encoding.UTF8.GetBytes("a,b\n1,2\n")));
            Assert.Equal(HttpStatusCode.OK, small.StatusCode);
            using var big = await http.PostAsync("/api/crucible/v1/datasets/big/versions", new ByteArrayContent(Encoding.UTF8.GetBytes("a,b\n" + string.Concat(Enumerable.Repeat("10,20\n", 20)))));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode); // 413 for every body over its limit (issue 13)
            Assert.Contains("limit of 64 bytes", await big.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }

        Assert.Equal(2, (await Cli.RunAsync("server", "--max-dataset-bytes", "0", "--backend-store-uri", "sqlite:////nonexistent/dir/never-created.db")).ExitCode);
    }

    private static async Task WaitHealthyAsync(HttpClient http, Task<int> run)
    {
        for (var i = 0; i < 200 && !run.IsCompleted; i++)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50);
        }

        Assert.Fail("the server did not become healthy: " + (run.IsCompleted ? $"exited with {run.Result}" : "timeout"));
    }
}
