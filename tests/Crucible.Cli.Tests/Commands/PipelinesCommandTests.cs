using System.Text.Json;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible pipelines</c>: offline validation, and create, run --wait, runs and show against a real server.</summary>
public sealed class PipelinesCommandTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    private string Uri => server.Uri.ToString();

    [Fact]
    public async Task Validate_prints_each_problem_at_its_line_and_exits_1()
    {
        using var dir = new TempDirectory();
        var bad = dir.File("bad.yaml");
        await File.WriteAllTextAsync(bad, "name: x\nsteps:\n  - id: a\n    type: tune\n  - id: b\n    type: notify\n    url: ${steps.c.outputs.x}\n");
        var good = dir.File("good.yaml");
        await File.WriteAllTextAsync(good, "name: x\nsteps:\n  - {id: b, type: notify, url: 'http://h/${steps.a.outputs.delivery}'}\n  - {id: a, type: notify, url: 'http://h/'}\n");

        var invalid = await Cli.RunAsync("pipelines", "validate", bad);
        var valid = await Cli.RunAsync("pipelines", "validate", good);
        var json = await Cli.RunAsync("pipelines", "validate", bad, "--json");

        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains($"{bad}:4:11: step 'a' has unknown step type 'tune'", invalid.Error, StringComparison.Ordinal);
        Assert.Contains($"{bad}:7:10: step 'b': unknown step 'c' in '${{steps.c.outputs.x}}'", invalid.Error, StringComparison.Ordinal);
        Assert.Equal((0, $"{good}: pipeline 'x' is valid; steps run in this order: a -> b.\n"), (valid.ExitCode, valid.Output));
        using var document = JsonDocument.Parse(json.Output);
        Assert.False(document.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(2, document.RootElement.GetProperty("errors").GetArrayLength());
        Assert.Equal(2, (await Cli.RunAsync("pipelines", "validate", dir.File("missing.yaml"))).ExitCode);
    }

    [Fact]
    public async Task Create_run_wait_runs_and_show_a_pipeline_whose_command_fails()
    {
        using var dir = new TempDirectory();
        var name = TrackingServer.UniqueName("cli-pipe");
        var file = dir.File("p.yaml");
        await File.WriteAllTextAsync(file, $"name: {name}\nparams: {{code: '0'}}\nsteps:\n  - id: fit\n    type: train\n    dataset: {file}\n    command: [sh, -c, 'echo broken >&2; exit $CRUCIBLE_PARAM_CODE']\n    params: {{code: '${{params.code}}'}}\n");

        var created = await Cli.RunAsync("pipelines", "create", file, "--tracking-uri", Uri);
        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Contains("1 step(s); triggers: manual.", created.Output, StringComparison.Ordinal);

        var run = await Cli.RunAsync("pipelines", "run", name, "--param", "code=4", "--wait", "--poll-seconds", "0.1", "--tracking-uri", Uri);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("failed", run.Output, StringComparison.Ordinal);
        Assert.Contains("command 'sh' exited with code 4; stderr ends with: broken", run.Output, StringComparison.Ordinal);
        Assert.Contains("  stderr: broken", run.Output, StringComparison.Ordinal);

        var runs = await Cli.RunAsync("pipelines", "runs", name, "--json", "--tracking-uri", Uri);
        using var document = JsonDocument.Parse(runs.Output);
        var id = document.RootElement.GetProperty("runs")[0].GetProperty("run_id").GetString()!;
        Assert.Equal("4", document.RootElement.GetProperty("runs")[0].GetProperty("params").GetProperty("code").GetString());
        var show = await Cli.RunAsync("pipelines", "show", id, "--tracking-uri", Uri);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains($"run {id}: failed", show.Output, StringComparison.Ordinal);
        Assert.Equal(2, (await Cli.RunAsync("pipelines", "run", name, "--param", "nonsense", "--tracking-uri", Uri)).ExitCode);
    }
}
