using System.Text.Json;
using Crucible.Contracts.Mlflow;

namespace Crucible.Cli.Tests.Commands;

public sealed class ExperimentsCommandTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    private string Uri => server.Uri.ToString();

    [Fact]
    public async Task Create_prints_the_new_id_and_stores_tags_and_location()
    {
        var name = TrackingServer.UniqueName("cli");

        var result = await Cli.RunAsync("experiments", "create", name, "--tag", "team=ml", "--tag", "expr=a=b", "--artifact-location", "mlflow-artifacts:/elsewhere", "--tracking-uri", Uri);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        using var client = server.Client();
        var experiment = await client.GetExperimentByNameAsync(name);
        Assert.Equal($"Created experiment '{name}' with ID {experiment.ExperimentId}.", result.Output.Trim());
        Assert.Equal([new KeyValue("expr", "a=b"), new KeyValue("team", "ml")], experiment.Tags!.OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal("mlflow-artifacts:/elsewhere", experiment.ArtifactLocation);
    }

    [Fact]
    public async Task Create_with_json_writes_the_create_response()
    {
        var result = await Cli.RunAsync("experiments", "create", TrackingServer.UniqueName("json"), "--json", "--tracking-uri", Uri);

        var response = JsonSerializer.Deserialize(result.Output, MlflowJsonContext.Default.CreateExperimentResponse)!;
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("{\"experiment_id\":", result.Output, StringComparison.Ordinal);
        using var client = server.Client();
        Assert.Equal(response.ExperimentId, (await client.GetExperimentAsync(response.ExperimentId)).ExperimentId);
    }

    [Fact]
    public async Task Create_of_a_taken_name_fails_with_the_error_code_on_stderr()
    {
        var name = TrackingServer.UniqueName("taken");
        await Cli.RunAsync("experiments", "create", name, "--tracking-uri", Uri);

        var result = await Cli.RunAsync("experiments", "create", name, "--tracking-uri", Uri);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith("error: RESOURCE_ALREADY_EXISTS: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("(HTTP 400)", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Create_refuses_a_tag_without_equals_before_calling_the_server()
    {
        var result = await Cli.RunAsync("experiments", "create", "x", "--tag", "novalue", "--tracking-uri", "http://127.0.0.1:1");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Invalid --tag 'novalue'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_a_table_with_id_name_stage_and_iso_times()
    {
        using var client = server.Client();
        var name = TrackingServer.UniqueName("table");
        var id = await client.CreateExperimentAsync(name);

        var result = await Cli.RunAsync("experiments", "list", "--tracking-uri", Uri);

        Assert.Equal(0, result.ExitCode);
        var row = Assert.Single(result.Output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal));
        Assert.Contains(id, row, StringComparison.Ordinal);
        Assert.Contains("active", row, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", row);
        Assert.Contains("Artifact location", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_json_is_the_search_response_shape_and_view_selects_stages()
    {
        using var client = server.Client();
        var active = await client.CreateExperimentAsync(TrackingServer.UniqueName("active"));
        var deleted = await client.CreateExperimentAsync(TrackingServer.UniqueName("deleted"));
        await client.DeleteExperimentAsync(deleted);

        var deletedView = await ListJsonAsync("--view", "deleted");
        var allView = await ListJsonAsync("--view", "all");
        var defaultView = await ListJsonAsync();

        Assert.Contains(deleted, deletedView);
        Assert.DoesNotContain(active, deletedView);
        Assert.Contains(active, allView);
        Assert.Contains(deleted, allView);
        Assert.Contains(active, defaultView);
        Assert.DoesNotContain(deleted, defaultView);
    }

    [Fact]
    public async Task List_max_caps_the_number_listed()
    {
        using var client = server.Client();
        for (var i = 0; i < 3; i++)
        {
            await client.CreateExperimentAsync(TrackingServer.UniqueName("max"));
        }

        Assert.Equal(2, (await ListJsonAsync("--max", "2")).Count);
    }

    [Theory]
    [InlineData("--max", "0")]
    [InlineData("--view", "sometimes")]
    public async Task List_refuses_bad_flag_values(string flag, string value)
    {
        var result = await Cli.RunAsync("experiments", "list", flag, value, "--tracking-uri", Uri);

        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEmpty(result.Error);
    }

    private async Task<List<string>> ListJsonAsync(params string[] extra)
    {
        var result = await Cli.RunAsync(["experiments", "list", "--json", "--tracking-uri", Uri, .. extra]);
        Assert.Equal(0, result.ExitCode);
        var response = JsonSerializer.Deserialize(result.Output, MlflowJsonContext.Default.SearchExperimentsResponse)!;
        Assert.Null(response.NextPageToken);
        return (response.Experiments ?? []).Select(e => e.ExperimentId).ToList();
    }
}
