using System.Diagnostics;
using Crucible.Core.Audit;
using Crucible.TestSupport;
using Xunit.Abstractions;

namespace Crucible.Storage.Tests.Audit;

/// <summary>
/// Why the server writes audit rows in the background (docs/security.md, "Audit trail"): on SQLite with
/// synchronous=FULL, each append in its own transaction pays one fsync, the cost a synchronous write would add to every
/// mutation; queued events appended as one batch share it. Prints both; asserts only that both chains are whole.
/// </summary>
public sealed class AuditAppendCostTests(ITestOutputHelper output) : IDisposable
{
    private const int Events = 200;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task One_batch_costs_less_than_one_transaction_per_event()
    {
        await using var store = await MetadataStore.OpenAsync("sqlite:///" + _dir.File("cost.db"), new MetadataStoreOptions(), TimeProvider.System, CancellationToken.None);
        var events = Enumerable.Range(0, Events)
            .Select(i => new AuditEvent("alice", "User", "tok", "default", "POST /api/2.0/mlflow/runs/set-tag", $$"""{"run_id":"{{i}}"}""", 200, "127.0.0.1", $"r{i}"))
            .ToList();

        var single = Stopwatch.StartNew();
        foreach (var e in events)
        {
            await store.Audit.AppendAsync([e]);
        }

        single.Stop();
        var batched = Stopwatch.StartNew();
        await store.Audit.AppendAsync(events);
        batched.Stop();

        output.WriteLine(
            $"{Events} appends, one transaction each: {single.Elapsed.TotalMilliseconds / Events:F3} ms/event; "
            + $"one batch: {batched.Elapsed.TotalMilliseconds / Events:F3} ms/event");
        var verification = await AuditChain.VerifyAsync(store.Audit);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(2 * Events, verification.EntriesChecked);
    }
}
