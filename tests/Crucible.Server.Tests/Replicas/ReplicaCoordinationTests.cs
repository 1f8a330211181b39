using System.Text;
using System.Text.Json.Nodes;
using Crucible.Core.Errors;
using Crucible.Core.Pipelines;
using Crucible.Monitoring.Running;
using Crucible.Pipelines.Running;
using Crucible.Server.Hosting;
using Crucible.Server.Tests.Serving;
using Crucible.Storage;
using Crucible.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crucible.Server.Tests.Replicas;

/// <summary>Replicas on one PostgreSQL database do each scheduled run and monitor window once, and fail a dead replica's runs with the reason.</summary>
public sealed class ReplicaCoordinationTests
{
    private const string Hourly = "name: tick\ntrigger: {schedule: {every: 1h}}\nsteps:\n  - id: tell\n    type: notify\n    url: http://127.0.0.1:9/none\n";

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Each_scheduled_period_starts_one_run_across_replicas_racing_for_it()
    {
        await using var replicas = new Replicas(TimeSpan.FromSeconds(30));
        var a = await replicas.StartAsync();
        var b = await replicas.StartAsync();
        using var yaml = new StringContent(Hourly, Encoding.UTF8, "application/yaml");
        Assert.True((await a.Http.PostAsync("/api/crucible/v1/pipelines", yaml)).IsSuccessStatusCode);
        var schedules = replicas.Servers.Select(s => new PipelineSchedule(
            Replicas.Get<IPipelineStore>(s), Replicas.Get<PipelineService>(s), replicas.Clock, NullLogger<PipelineSchedule>.Instance)).ToArray();

        Assert.Empty((await Task.WhenAll(schedules.Select(s => s.StartDueAsync(Ct)))).SelectMany(r => r)); // created in this period: waits
        for (var hour = 1; hour <= 2; hour++)
        {
            replicas.Clock.Advance(TimeSpan.FromHours(1));
            var started = (await Task.WhenAll(Enumerable.Range(0, 8).Select(i => schedules[i % 2].StartDueAsync(Ct)))).SelectMany(r => r).ToList();
            var run = Assert.Single(started);
            await Task.WhenAll(replicas.Servers.Select(s => Replicas.Get<PipelineService>(s).WaitAsync(run.Id)));
        }

        var runs = await Replicas.Get<IPipelineStore>(b).ListRunsAsync("tick", 10, Ct);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(("schedule", PipelineStatus.Succeeded), (r.Trigger, r.Status)));
    }

    [Fact]
    public async Task A_dead_replicas_run_is_failed_with_the_reason_while_a_live_replicas_run_survives_a_new_replicas_start()
    {
        var lease = TimeSpan.FromSeconds(3);
        await using var replicas = new Replicas(lease);
        var a = await replicas.StartAsync();
        await RegisterDatasetAsync(a);
        var pipeline = "name: slow\nsteps:\n  - id: train\n    type: train\n    dataset: tiny@1\n    command: [sh, -c, 'sleep 60']\n";
        Assert.Equal(200, (await a.SendAsync(HttpMethod.Post, "/api/crucible/v1/pipelines", new JsonObject { ["yaml"] = pipeline })).Status);
        var live = await Replicas.Get<PipelineService>(a).StartAsync("slow", "manual", null, Ct);
        await using (var dead = await replicas.OpenStoreAsync("dead-replica"))
        {
            var orphan = await dead.Pipelines.CreateRunAsync(new NewPipelineRun("slow", "manual", "{}", [("train", "train")]), Ct);
            Assert.True(await dead.Claims.TryClaimAsync(PipelineLeases.RunKey(orphan.Id), lease, Ct));

            // A replica starting now leaves both alone: each still has its lease.
            var b = await replicas.StartAsync();
            var store = Replicas.Get<IPipelineStore>(b);
            Assert.Equal(PipelineStatus.Running, (await store.GetRunAsync(live.Id, Ct)).Status);
            Assert.Equal(PipelineStatus.Queued, (await store.GetRunAsync(orphan.Id, Ct)).Status);

            // Time passes in steps shorter than the lease; replica a renews its run's lease (every lease/3), the dead one does not.
            for (var i = 0; i < 4; i++)
            {
                replicas.Clock.Advance(TimeSpan.FromSeconds(1.5));
                await Task.Delay(TimeSpan.FromSeconds(2.5));
            }

            var failed = await Replicas.Get<PipelineService>(b).FailAbandonedAsync(Ct);

            Assert.Equal([orphan.Id], failed);
            var orphanRun = await store.GetRunAsync(orphan.Id, Ct);
            Assert.Equal(PipelineStatus.Failed, orphanRun.Status);
            Assert.StartsWith("the replica running it stopped renewing its 3 s lease (it died or lost the database); failed by ", orphanRun.Error, StringComparison.Ordinal);
            Assert.EndsWith("(last held by dead-replica)", orphanRun.Error, StringComparison.Ordinal);
            Assert.Equal(PipelineStatus.Running, (await store.GetRunAsync(live.Id, Ct)).Status);
        }
    }

    [Fact]
    public async Task Each_monitor_window_is_evaluated_by_one_replica_once()
    {
        var lease = TimeSpan.FromSeconds(30);
        await using var replicas = new Replicas(lease);
        var a = await replicas.StartAsync();
        await replicas.StartAsync();
        var version = await a.RegisterAsync("m", ServingServer.Fixture("linear_classifier.onnx"));
        await a.DeployAsync("dep", "m", version);
        var monitor = await a.OkAsync(HttpMethod.Post, "/api/crucible/v1/monitors", new JsonObject
        {
            ["deployment"] = "dep", ["reference_start"] = 0, ["reference_end"] = 3_600_000, ["window_ms"] = 3_600_000,
        });
        var id = (string)monitor["monitor"]!["id"]!;
        replicas.Clock.Advance(TimeSpan.FromHours(5));
        var schedulers = replicas.Servers.Select(s => new MonitorScheduler(
            Replicas.Get<Core.Monitoring.IMonitorStore>(s), Replicas.Get<MonitorRunner>(s), Replicas.Get<MetadataStore>(s).Claims, lease, replicas.Clock,
            NullLogger<MonitorScheduler>.Instance)).ToArray();

        var evaluated = (await Task.WhenAll(Enumerable.Range(0, 6).Select(i => schedulers[i % 2].EvaluateDueAsync(Ct)))).Sum();

        // Created at 10:20 in the 10:00 window; at 15:20 the windows 10:00 to 14:00 have settled: five of them.
        Assert.Equal(5, evaluated);
        var claims = Replicas.Get<MetadataStore>(a).Claims;
        var start = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        for (var w = 0; w < 5; w++)
        {
            var claim = await claims.GetAsync(MonitorScheduler.WindowKey(id, start + (w * 3_600_000L)), Ct);
            Assert.Equal(1, claim!.Claims);
            Assert.NotNull(claim.DoneMs);
        }

        Assert.Null(await claims.GetAsync(MonitorScheduler.WindowKey(id, start + (5 * 3_600_000L)), Ct));
        Assert.Equal(0, (await Task.WhenAll(schedulers.Select(s => s.EvaluateDueAsync(Ct)))).Sum());
    }

    [Fact]
    public async Task A_second_server_on_one_sqlite_file_is_refused_with_the_reason_and_starts_once_the_first_stops()
    {
        using var dir = new TempDirectory();
        var options = new ServerOptions
        {
            BackendStoreUri = "sqlite:///" + dir.File("crucible.db"),
            ArtifactsDestination = dir.File("artifacts"),
            Port = 0,
            Auth = new() { Enabled = false },
            SqliteFullSync = false,
            ModelCacheFolder = dir.File("model-cache"),
        };
        var first = await CrucibleServer.CreateAsync(options);

        var refused = await Assert.ThrowsAsync<CrucibleException>(() => CrucibleServer.CreateAsync(options));

        Assert.Equal(ErrorCode.InvalidState, refused.Code);
        Assert.Contains($"Another crucible server process (pid {Environment.ProcessId} on ", refused.Message, StringComparison.Ordinal);
        Assert.Contains("SQLite serves one server process", refused.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", refused.Message, StringComparison.Ordinal);
        await (await CrucibleServer.CreateAsync(options with { ServingOnly = true })).DisposeAsync(); // crucible serve takes no lock

        await first.DisposeAsync();
        await (await CrucibleServer.CreateAsync(options)).DisposeAsync();
    }

    private static async Task RegisterDatasetAsync(ServingServer server)
    {
        using var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("a,b,label\n1,2,0\n3,4,1\n5,6,0\n"));
        csv.Headers.ContentType = new("text/csv");
        using var registered = await server.Http.PostAsync("/api/crucible/v1/datasets/tiny/versions?format=csv", csv);
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
    }
}
