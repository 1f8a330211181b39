using System.Text.Json;
using Crucible.Client;
using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Tests.Commands;

public sealed class RunsCommandTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    private const long Start = 1_700_000_000_000;

    private string Uri => server.Uri.ToString();

    [Fact]
    public async Task List_by_name_shows_id_name_status_iso_start_and_metric_and_param_columns()
    {
        var (name, _, runs) = await SeedAsync();

        var result = await Cli.RunAsync("runs", "list", "--experiment-name", name, "--tracking-uri", Uri);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        var lines = result.Output.Split('\n');
        var header = Assert.Single(lines, l => l.Contains("Run ID", StringComparison.Ordinal));
        Assert.Contains("metrics.mae", header, StringComparison.Ordinal);
        Assert.Contains("metrics.rmse", header, StringComparison.Ordinal);
        Assert.DoesNotContain("rare-one", header, StringComparison.Ordinal);
        Assert.Contains("params.lr", header, StringComparison.Ordinal);
        var alpha = Assert.Single(lines, l => l.Contains(runs["alpha"], StringComparison.Ordinal));
        Assert.Contains("alpha", alpha, StringComparison.Ordinal);
        Assert.Contains("FINISHED", alpha, StringComparison.Ordinal);
        Assert.Contains("2023-11-14T22:13:20Z", alpha, StringComparison.Ordinal);
        Assert.Contains("0.3", alpha, StringComparison.Ordinal);
        Assert.Contains("3 runs", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_json_with_filter_and_order_returns_the_search_response_shape()
    {
        var (_, experimentId, runs) = await SeedAsync();

        var result = await Cli.RunAsync("runs", "list", "--experiment-id", experimentId, "--filter", "metrics.rmse < 0.5", "--order-by", "metrics.rmse ASC", "--json", "--tracking-uri", Uri);

        Assert.Equal(0, result.ExitCode);
        var response = JsonSerializer.Deserialize(result.Output, MlflowJsonContext.Default.SearchRunsResponse)!;
        Assert.Equal([runs["gamma"], runs["alpha"]], response.Runs!.Select(r => r.Info.RunId));
        Assert.Null(response.NextPageToken);
        Assert.Contains("\"run_id\":", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_order_by_a_metric_puts_that_metric_among_the_columns()
    {
        var (name, _, _) = await SeedAsync();

        var result = await Cli.RunAsync("runs", "list", "--experiment-name", name, "--order-by", "metrics.`rare-one` DESC", "--tracking-uri", Uri);

        var header = Assert.Single(result.Output.Split('\n'), l => l.Contains("Run ID", StringComparison.Ordinal));
        Assert.Contains("metrics.rare-one", header, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_max_stops_after_n_runs()
    {
        var (_, experimentId, _) = await SeedAsync();

        var result = await Cli.RunAsync("runs", "list", "--experiment-id", experimentId, "--max", "2", "--json", "--tracking-uri", Uri);

        Assert.Equal(2, JsonSerializer.Deserialize(result.Output, MlflowJsonContext.Default.SearchRunsResponse)!.Runs!.Count);
    }

    [Fact]
    public async Task List_of_an_empty_experiment_says_so()
    {
        using var client = server.Client();
        var experimentId = await client.CreateExperimentAsync(TrackingServer.UniqueName("none"));

        var table = await Cli.RunAsync("runs", "list", "--experiment-id", experimentId, "--tracking-uri", Uri);
        var json = await Cli.RunAsync("runs", "list", "--experiment-id", experimentId, "--json", "--tracking-uri", Uri);

        Assert.Equal("No runs.", table.Output.Trim());
        Assert.Equal("{\"runs\":[]}", json.Output.Trim());
    }

    [Fact]
    public async Task List_without_an_experiment_is_a_usage_error()
    {
        var result = await Cli.RunAsync("runs", "list", "--tracking-uri", Uri);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--experiment-id or --experiment-name", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_of_an_unknown_experiment_name_fails_with_resource_does_not_exist()
    {
        var result = await Cli.RunAsync("runs", "list", "--experiment-name", TrackingServer.UniqueName("ghost"), "--tracking-uri", Uri);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: RESOURCE_DOES_NOT_EXIST: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_with_a_bad_filter_fails_with_invalid_parameter_value()
    {
        var (_, experimentId, _) = await SeedAsync();

        var result = await Cli.RunAsync("runs", "list", "--experiment-id", experimentId, "--filter", "metrics.rmse ~ 1", "--tracking-uri", Uri);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: INVALID_PARAMETER_VALUE: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_renders_the_info_panel_and_metric_param_tag_tables()
    {
        var (_, _, runs) = await SeedAsync();

        var result = await Cli.RunAsync("runs", "show", runs["alpha"], "--tracking-uri", Uri);

        Assert.Equal(0, result.ExitCode);
        var output = result.Output;
        Assert.Contains("Run " + runs["alpha"], output, StringComparison.Ordinal);
        Assert.Contains("FINISHED", output, StringComparison.Ordinal);
        Assert.Contains("2023-11-14T22:13:20Z", output, StringComparison.Ordinal);
        Assert.Contains("5.0s", output, StringComparison.Ordinal);
        Assert.Contains("Metrics", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), l => l.Contains("rmse", StringComparison.Ordinal) && l.Contains("0.3", StringComparison.Ordinal));
        Assert.Single(output.Split('\n'), l => l.Contains("lr", StringComparison.Ordinal) && l.Contains("0.1", StringComparison.Ordinal));
        Assert.Single(output.Split('\n'), l => l.Contains("owner", StringComparison.Ordinal) && l.Contains("[ana]", StringComparison.Ordinal));
        Assert.Contains("Datasets: none", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_json_is_the_get_run_response()
    {
        var (_, _, runs) = await SeedAsync();

        var result = await Cli.RunAsync("runs", "show", runs["beta"], "--json", "--tracking-uri", Uri);

        var run = JsonSerializer.Deserialize(result.Output, MlflowJsonContext.Default.RunResponse)!.Run;
        Assert.Equal(runs["beta"], run.Info.RunId);
        Assert.Contains(new KeyValue("lr", "0.2"), run.Data.Params ?? []);
        Assert.StartsWith("{\"run\":{\"info\":", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_of_an_unknown_run_fails_with_one_line_on_stderr()
    {
        var result = await Cli.RunAsync("runs", "show", "00000000000000000000000000000000", "--tracking-uri", Uri);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Matches(@"^error: RESOURCE_DOES_NOT_EXIST: .+ \(HTTP 404\)\s*$", result.Error);
    }

    /// <summary>An experiment with three finished runs: alpha (rmse 0.3), beta (0.7), gamma (0.1, and a rare metric).</summary>
    private async Task<(string Name, string ExperimentId, Dictionary<string, string> Runs)> SeedAsync()
    {
        using var client = server.Client();
        var name = TrackingServer.UniqueName("seed");
        var experimentId = await client.CreateExperimentAsync(name);
        var runs = new Dictionary<string, string>();
        var seeds = new[] { ("alpha", 0.3, "0.1"), ("beta", 0.7, "0.2"), ("gamma", 0.1, "0.3") };
        for (var i = 0; i < seeds.Length; i++)
        {
            var (runName, rmse, lr) = seeds[i];
            var start = Start + (i * 1000);
            var run = await client.CreateRunAsync(experimentId, runName, start, [new KeyValue("owner", "[ana]")]);
            var metrics = new List<MetricDto> { new("rmse", rmse, start, 0), new("mae", rmse / 2, start, 0), new("r2", 1 - rmse, start, 0) };
            if (runName == "gamma")
            {
                metrics.Add(new MetricDto("rare-one", 1, start, 0));
            }

            await client.LogBatchAsync(run.Info.RunId, metrics, [new KeyValue("lr", lr)]);
            await client.UpdateRunAsync(run.Info.RunId, RunStatus.Finished, start + 5000);
            runs[runName] = run.Info.RunId;
        }

        return (name, experimentId, runs);
    }
}
