using Crucible.Client;
using Crucible.Contracts.Mlflow;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Client;

public sealed class LoggingClientTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    [Fact]
    public async Task Log_metric_without_timestamp_uses_the_client_clock()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var client = server.Client(clock);
        var run = await RunClientTests.NewRunAsync(client);

        await client.LogMetricAsync(run.Info.RunId, "acc", 0.75, step: 3);
        var metric = Assert.Single((await client.GetRunAsync(run.Info.RunId)).Data.Metrics ?? []);

        Assert.Equal(new MetricDto("acc", 0.75, clock.GetUtcNow().ToUnixTimeMilliseconds(), 3), metric);
    }

    [Fact]
    public async Task Log_metric_accepts_nan()
    {
        using var client = server.Client();
        var run = await RunClientTests.NewRunAsync(client);

        await client.LogMetricAsync(run.Info.RunId, "weird", double.NaN, timestamp: 10);

        Assert.True(double.IsNaN(Assert.Single(await client.GetMetricHistoryAsync(run.Info.RunId, "weird")).Value!.Value));
    }

    [Fact]
    public async Task Log_parameter_is_immutable()
    {
        using var client = server.Client();
        var run = await RunClientTests.NewRunAsync(client);

        await client.LogParameterAsync(run.Info.RunId, "lr", "0.1");
        await client.LogParameterAsync(run.Info.RunId, "lr", "0.1");
        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.LogParameterAsync(run.Info.RunId, "lr", "0.2"));

        Assert.Equal("INVALID_PARAMETER_VALUE", e.ErrorCode);
        Assert.Equal([new KeyValue("lr", "0.1")], (await client.GetRunAsync(run.Info.RunId)).Data.Params);
    }

    [Fact]
    public async Task Set_tag_and_delete_tag_change_the_run_tags()
    {
        using var client = server.Client();
        var run = await RunClientTests.NewRunAsync(client);

        await client.SetTagAsync(run.Info.RunId, "owner", "ana");
        var tagged = await client.GetRunAsync(run.Info.RunId);
        await client.DeleteTagAsync(run.Info.RunId, "owner");

        Assert.Contains(new KeyValue("owner", "ana"), tagged.Data.Tags ?? []);
        Assert.DoesNotContain((await client.GetRunAsync(run.Info.RunId)).Data.Tags ?? [], t => t.Key == "owner");
    }

    [Fact]
    public async Task Log_batch_writes_metrics_params_and_tags_and_stamps_missing_timestamps()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        using var client = server.Client(clock);
        var run = await RunClientTests.NewRunAsync(client);

        await client.LogBatchAsync(
            run.Info.RunId,
            [new MetricDto("loss", 1.5, 100, 0), new MetricDto("loss", 0.5, 200, 1), new MetricDto("f1", 0.9, null, null)],
            [new KeyValue("epochs", "2")],
            [new KeyValue("note", "batch")]);
        var data = (await client.GetRunAsync(run.Info.RunId)).Data;

        Assert.Contains(new MetricDto("loss", 0.5, 200, 1), data.Metrics ?? []);
        Assert.Contains(new MetricDto("f1", 0.9, clock.GetUtcNow().ToUnixTimeMilliseconds(), 0), data.Metrics ?? []);
        Assert.Equal([new KeyValue("epochs", "2")], data.Params);
        Assert.Contains(new KeyValue("note", "batch"), data.Tags ?? []);
    }

    [Fact]
    public async Task Log_inputs_records_the_dataset_on_the_run()
    {
        using var client = server.Client();
        var run = await RunClientTests.NewRunAsync(client);
        var dataset = new DatasetDto("train", "abc123", "local", "{\"uri\": \"/data/train.csv\"}", null, null);

        await client.LogInputsAsync(run.Info.RunId, [new DatasetInputDto([new KeyValue("mlflow.data.context", "training")], dataset)]);
        var input = Assert.Single((await client.GetRunAsync(run.Info.RunId)).Inputs.DatasetInputs ?? []);

        Assert.Equal(dataset, input.Dataset);
        Assert.Equal([new KeyValue("mlflow.data.context", "training")], input.Tags);
    }

    [Fact]
    public async Task Metric_history_reads_every_page_in_step_order()
    {
        using var client = server.Client();
        var run = await RunClientTests.NewRunAsync(client);
        for (var step = 0; step < 7; step++)
        {
            await client.LogMetricAsync(run.Info.RunId, "loss", 1.0 / (step + 1), timestamp: 1000 + step, step: step);
        }

        var page = await client.GetMetricHistoryPageAsync(run.Info.RunId, "loss", maxResults: 3);
        var history = await client.GetMetricHistoryAsync(run.Info.RunId, "loss", pageSize: 3);

        Assert.Equal(3, page.Metrics?.Count);
        Assert.NotNull(page.NextPageToken);
        Assert.Equal(Enumerable.Range(0, 7).Select(s => (long)s), history.Select(m => m.Step!.Value).Order());
        Assert.Equal(7, history.Select(m => m.Step).Distinct().Count());
    }

    [Fact]
    public async Task Metric_history_of_an_unlogged_key_is_empty()
    {
        using var client = server.Client();
        var run = await RunClientTests.NewRunAsync(client);

        Assert.Empty(await client.GetMetricHistoryAsync(run.Info.RunId, "never"));
    }

    [Fact]
    public async Task Logging_to_an_unknown_run_throws_resource_does_not_exist()
    {
        using var client = server.Client();

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.LogMetricAsync("ffffffffffffffffffffffffffffffff", "m", 1, 1));

        Assert.Equal("RESOURCE_DOES_NOT_EXIST", e.ErrorCode);
    }

    [Fact]
    public async Task Logging_to_a_deleted_run_throws_invalid_parameter_value()
    {
        using var client = server.Client();
        var run = await RunClientTests.NewRunAsync(client);
        await client.DeleteRunAsync(run.Info.RunId);

        var e = await Assert.ThrowsAsync<CrucibleApiException>(() => client.SetTagAsync(run.Info.RunId, "k", "v"));

        Assert.Equal("INVALID_PARAMETER_VALUE", e.ErrorCode);
    }
}
