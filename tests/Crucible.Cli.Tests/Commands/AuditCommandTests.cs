using System.Text.Json.Nodes;
using Crucible.Core.Audit;
using Crucible.Cli.Commands;
using Crucible.Storage;
using Crucible.TestSupport;
using Microsoft.Data.Sqlite;

namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible audit list|export|verify</c> against a real server, and <c>verify --backend-store-uri</c> on a tampered store.</summary>
public sealed class AuditCommandTests(TrackingServer server) : IClassFixture<TrackingServer>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task List_export_and_verify_show_the_rows_of_the_servers_mutations()
    {
        var uri = server.Uri.ToString();
        Assert.Equal(0, (await Cli.RunAsync("experiments", "create", "audited-by-cli", "--tracking-uri", uri)).ExitCode);
        // The row is written in the background: poll briefly for it.
        JsonArray entries = [];
        for (var attempt = 0; attempt < 50 && !entries.Any(Audited); attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 100);
            var list = await Cli.RunAsync("audit", "list", "--action", "POST /api/2.0/mlflow/experiments/create", "--json", "--tracking-uri", uri);
            Assert.Equal(0, list.ExitCode);
            entries = JsonNode.Parse(list.Output)!["entries"]!.AsArray();
        }

        Assert.Contains(entries, Audited);

        var table = await Cli.RunAsync("audit", "list", "--tracking-uri", uri);
        Assert.Contains("experiments/create", table.Output, StringComparison.Ordinal);

        var file = _dir.File("audit.jsonl");
        Assert.Equal(0, (await Cli.RunAsync("audit", "export", "--out", file, "--tracking-uri", uri)).ExitCode);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Matches("^[0-9a-f]{64}$", (string)JsonNode.Parse(l)!["hash"]!));

        var verify = await Cli.RunAsync("audit", "verify", "--tracking-uri", uri);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("intact", verify.Output, StringComparison.Ordinal);
    }

    private static bool Audited(JsonNode? e) =>
        ((string)e!["target"]!).Contains("audited-by-cli", StringComparison.Ordinal) && (int)e["outcome"]! == 200;

    [Fact]
    public async Task Verify_on_a_store_exits_3_at_the_first_edited_row()
    {
        var path = _dir.File("tampered.db");
        var uri = "sqlite:///" + path;
        await using (var store = await MetadataStore.OpenAsync(uri, new MetadataStoreOptions(), new ManualTimeProvider(), CancellationToken.None))
        {
            await store.Audit.AppendAsync([.. Enumerable.Range(1, 4).Select(i => new AuditEvent("alice", "User", null, "default", "POST /x", "{}", 200, null, $"r{i}"))]);
        }

        Assert.Equal(0, (await Cli.RunAsync("audit", "verify", "--backend-store-uri", uri)).ExitCode);
        await using (var db = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'bob' WHERE sequence = 2;";
            await command.ExecuteNonQueryAsync();
        }

        var broken = await Cli.RunAsync("audit", "verify", "--backend-store-uri", uri, "--json");
        Assert.Equal(AuditCommand.Broken, broken.ExitCode);
        Assert.Equal(2L, (long)JsonNode.Parse(broken.Output)!["first_bad_sequence"]!);
    }
}
