using System.Net;
using Crucible.Client;
using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Tests.Client;

public sealed class RunClientTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    [Fact]
    public async Task Create_returns_a_running_run_that_get_reads_back()
    {
        using var client = server.Client();
        var experimentId = await client.CreateExperimentAsync(TrackingServer.UniqueName("runs"));

        var created = await client.CreateRunAsync(experimentId, "first", startTime: 1_700_000_000_000, tags: [new KeyValue("k", "v")], userId: "ana");
        var read = await client.GetRunAsync(created.Info.RunId);

        Assert.Equal("RUNNING", created.Info.Status);
        Assert.Equal("first", read.Info.RunName);
        Assert.Equal(experimentId, read.Info.ExperimentId);
        Assert.Equal("ana", read.Info.UserId);
        Assert.Equal(1_700_000_000_000, read.Info.StartTime);
        Assert.Contains(new KeyValue("k", "v"), read.Data.Tags ?? []);
        Assert.StartsWith("mlflow-artifacts:/", read.Info.ArtifactUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_sets_status_end_time_and_name()
    {
        using var client = server.Client();
        var run = await NewRunAsync(client);

        var info = await client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, run.Info.StartTime + 5000, "renamed");

        Assert.Equal("FINISHED", info.Status);
        Assert.Equal(run.Info.StartTime + 5000, info.EndTime);
        Assert.Equal("renamed", (await client.GetRunAsync(run.Info.RunId)).Info.RunName);
    }

    [Fact]
    public async Task Update_with_only_a_status_keeps_the_name()
    {
        using var client = server.Client();
        var run = await NewRunAsync(client, "keep-me");

        var info = await client.UpdateRunAsync(run.Info.RunId, RunStatus.Killed);

        Assert.Equal("KILLED", info.Status);
        Assert.Equal("keep-me", info.RunName);
    }

    [Fact]
    public async Task Delete_hides_the_run_from_active_search_and_restore_brings_it_back()
    {
        using var client = server.Client();
        var run = await NewRunAsync(client);
        var experiment = new[] { run.Info.ExperimentId };

        await client.DeleteRunAsync(run.Info.RunId);
        var active = await client.SearchAllRunsAsync(experiment).ToListAsync();
        var deleted = await client.SearchAllRunsAsync(experiment, viewType: ViewType.DeletedOnly).ToListAsync();
        await client.RestoreRunAsync(run.Info.RunId);

        Assert.DoesNotContain(active, r => r.Info.RunId == run.Info.RunId);
        Assert.Contains(deleted, r => r.Info.RunId == run.Info.RunId);
        Assert.Equal("active", (await client.GetRunAsync(run.Info.RunId)).Info.LifecycleStage);
    }

    [Fact]
    public async Task Search_all_follows_every_page_in_the_requested_order()
    {
        using var client = server.Client();
        var experimentId = await client.CreateExperimentAsync(TrackingServer.UniqueName("paging"));
        var expected = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var run = await client.CreateRunAsync(experimentId, $"r{i}");
            await client.LogMetricAsync(run.Info.RunId, "loss", i / 10.0, timestamp: 1);
            expected.Add(run.Info.RunId);
        }

        var first = await client.SearchRunsAsync([experimentId], maxResults: 3);
        var all = await client.SearchAllRunsAsync([experimentId], orderBy: ["metrics.loss ASC"], pageSize: 3).ToListAsync();

        Assert.Equal(3, first.Runs?.Count);
        Assert.NotNull(first.NextPageToken);
        Assert.Equal(expected, all.Select(r => r.Info.RunId));
    }

    [Fact]
    public async Task Search_filter_selects_runs_by_metric_and_param()
    {
        using var client = server.Client();
        var experimentId = await client.CreateExperimentAsync(TrackingServer.UniqueName("filter"));
        var good = await client.CreateRunAsync(experimentId);
        var bad = await client.CreateRunAsync(experimentId);
        await client.LogBatchAsync(good.Info.RunId, [new MetricDto("rmse", 0.2, 1, 0)], [new KeyValue("model", "x")]);
        await client.LogBatchAsync(bad.Info.RunId, [new MetricDto("rmse", 0.9, 1, 0)], [new KeyValue("model", "x")]);

        var found = await client.SearchAllRunsAsync([experimentId], "metrics.rmse < 0.5 and params.model = 'x'").ToListAsync();

        Assert.Equal([good.Info.RunId], found.Select(r => r.Info.RunId));
    }

    [Fact]
    public async Task Empty_search_yields_nothing()
    {
        using var client = server.Client();
        var experimentId = await client.CreateExperimentAsync(TrackingServer.UniqueName("empty"));

        Assert.Empty(await client.SearchAllRunsAsync([experimentId]).ToListAsync());
    }

    [Fact]
    public async Task Unknown_run_throws_resource_does_not_exist()
    {
        using var client = server.Client();

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.GetRunAsync("0123456789abcdef0123456789abcdef"));

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", e.ErrorCode);
    }

    [Fact]
    public async Task Run_in_unknown_experiment_throws_resource_does_not_exist()
    {
        using var client = server.Client();

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.CreateRunAsync("424242"));

        Assert.Equal("RESOURCE_DOES_NOT_EXIST", e.ErrorCode);
    }

    [Fact]
    public async Task Bad_run_filter_throws_invalid_parameter_value()
    {
        using var client = server.Client();
        var experimentId = await client.CreateExperimentAsync(TrackingServer.UniqueName("badfilter"));

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.SearchRunsAsync([experimentId], "metrics.rmse LIKE 3"));

        Assert.Equal("INVALID_PARAMETER_VALUE", e.ErrorCode);
    }

    internal static async Task<RunDto> NewRunAsync(CrucibleClient client, string? name = null)
    {
        var experimentId = await client.CreateExperimentAsync(TrackingServer.UniqueName("exp"));
        return await client.CreateRunAsync(experimentId, name);
    }
}
