using System.Text.Json.Nodes;
using Crucible.Core.Pipelines;
using Crucible.Pipelines.Running;
using Crucible.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crucible.Server.Tests.Pipelines;

/// <summary>The pipelines API's answers to bad pipeline files and bad runs, and the schedule trigger on a manual clock.</summary>
public sealed class PipelinesApiTests
{
    private const string Notify = "name: ping\nsteps:\n  - id: tell\n    type: notify\n    url: http://127.0.0.1:9/none\n";

    [Theory]
    [InlineData("name: x\nsteps:\n  - id: a\n    type: [notify\n", "malformed YAML", 5)]
    [InlineData("name: x\nsteps:\n  - id: a\n    type: retrain\n", "unknown step type 'retrain'", 4)]
    [InlineData("name: x\nsteps:\n  - {id: a, type: notify, url: u, needs: b}\n  - {id: b, type: notify, url: u, needs: a}\n", "cycle: a -> b -> a", 3)]
    public async Task A_bad_pipeline_file_is_refused_with_the_line_and_validate_lists_the_problem(string yaml, string expected, int line)
    {
        await using var server = await PipelineServer.StartAsync();

        var (status, problem) = await server.PostYamlAsync("/api/crucible/v1/pipelines", yaml);
        var (validateStatus, validation) = await server.PostYamlAsync("/api/crucible/v1/pipelines/validate", yaml);

        Assert.Equal(400, status);
        Assert.Equal("INVALID_PARAMETER_VALUE", (string?)problem["errorCode"] ?? (string?)problem["error_code"]);
        Assert.Contains($"line {line}, column ", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains(expected, (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal(200, validateStatus);
        Assert.False((bool)validation["valid"]!);
        var error = Assert.Single(validation["errors"]!.AsArray())!;
        Assert.Equal(line, (int)error["line"]!);
        Assert.Contains(expected, (string)error["message"]!, StringComparison.Ordinal);
        Assert.Empty((await server.Server.OkAsync(HttpMethod.Get, "/api/crucible/v1/pipelines"))["pipelines"]!.AsArray());
    }

    [Fact]
    public async Task A_pipeline_is_created_from_json_or_yaml_listed_and_its_runs_refuse_unknown_params()
    {
        await using var server = await PipelineServer.StartAsync();

        var created = await server.Server.OkAsync(HttpMethod.Post, "/api/crucible/v1/pipelines", new JsonObject { ["yaml"] = Notify });
        Assert.Equal("ping", (string)created["pipeline"]!["name"]!);
        Assert.Equal("tell", (string)created["pipeline"]!["steps"]![0]!["id"]!);
        var (replaced, _) = await server.PostYamlAsync("/api/crucible/v1/pipelines", Notify.Replace("name: ping\n", "name: ping\nparams: {who: ops}\n", StringComparison.Ordinal));
        Assert.Equal(200, replaced);
        var got = await server.Server.OkAsync(HttpMethod.Get, "/api/crucible/v1/pipelines/ping");
        Assert.Equal("ops", (string)got["pipeline"]!["params"]!["who"]!);

        var (status, problem) = await server.Server.SendAsync(HttpMethod.Post, "/api/crucible/v1/pipelines/ping/runs", new JsonObject { ["params"] = new JsonObject { ["whom"] = "x" } });
        Assert.Equal(400, status);
        Assert.Equal("Pipeline 'ping' has no parameter 'whom'; declared: who.", (string)problem["detail"]!);
        Assert.Equal(404, (await server.Server.SendAsync(HttpMethod.Post, "/api/crucible/v1/pipelines/nope/runs", new JsonObject())).Status);
        Assert.Equal(404, (await server.Server.SendAsync(HttpMethod.Get, "/api/crucible/v1/pipeline-runs/nope")).Status);
        Assert.Equal(404, (await server.Server.SendAsync(HttpMethod.Get, "/api/crucible/v1/pipelines/nope/runs")).Status);
    }

    [Fact]
    public async Task A_scheduled_pipeline_starts_once_per_period_on_the_servers_clock()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 10, 20, 0, TimeSpan.Zero));
        await using var server = await PipelineServer.StartAsync(o => o with { Time = clock });
        var (status, _) = await server.PostYamlAsync("/api/crucible/v1/pipelines", Notify.Replace("steps:", "trigger: {schedule: {every: 1h}}\nsteps:", StringComparison.Ordinal));
        Assert.Equal(200, status);
        var services = server.Server.App.Services;
        var store = services.GetRequiredService<IPipelineStore>();
        var scheduler = new PipelineSchedule(store, services.GetRequiredService<PipelineService>(), clock, NullLogger<PipelineSchedule>.Instance);

        Assert.Empty(await scheduler.StartDueAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Empty(await scheduler.StartDueAsync(CancellationToken.None));
        clock.Advance(TimeSpan.FromMinutes(15));
        var started = Assert.Single(await scheduler.StartDueAsync(CancellationToken.None));
        await services.GetRequiredService<PipelineService>().WaitAsync(started.Id);
        Assert.Empty(await scheduler.StartDueAsync(CancellationToken.None));

        var run = await store.GetRunAsync(started.Id, CancellationToken.None);
        Assert.Equal(("schedule", PipelineStatus.Succeeded), (run.Trigger, run.Status));
        Assert.Equal("failed", PipelineJsonOutputs(run)["delivery"]);
    }

    private static IReadOnlyDictionary<string, string> PipelineJsonOutputs(PipelineRun run) => PipelineJson.Read(run.Steps[0].OutputsJson);
}
