using System.Text;
using System.Text.Json.Nodes;
using Crucible.Core.Pipelines;
using Crucible.Core.Security;
using Crucible.Pipelines.Steps;
using Crucible.Server.Hosting;
using Crucible.Server.Tests.Pipelines;
using Crucible.Server.Tests.Security;
using Crucible.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Crucible.Server.Tests.Exposure;

/// <summary>
/// Issue 15, item 5: a pipeline step that runs a command is a privilege. Refused on a server that does not allow them
/// (at create, and at run for one saved behind the API's back), admin-only where allowed, and sandboxed when it runs.
/// </summary>
public sealed class CommandStepTests
{
    private static string Pipeline(string data, string script, string name = "cmd", string timeout = "1m") => $"""
        name: {name}
        steps:
          - id: train
            type: train
            dataset: {data}
            timeout: {timeout}
            command: [sh, -c, '{script}']
        """;

    private static string CopyModel => $"""cp "{PipelineServer.Fixture}" "$CRUCIBLE_OUTPUT_DIR/model.onnx" """.TrimEnd();

    [Fact]
    public async Task A_command_step_on_a_server_that_does_not_allow_them_is_refused_at_create_and_nothing_is_saved()
    {
        await using var server = await PipelineServer.StartAsync(o => o with { Exposure = o.Exposure with { CommandSteps = CommandStepOptions.Disabled } });

        var (status, problem) = await server.PostYamlAsync("/api/crucible/v1/pipelines", Pipeline(server.DataPath, "id > /tmp/pwned"));

        Assert.Equal(403, status);
        Assert.Equal("PERMISSION_DENIED", (string?)problem["errorCode"]);
        Assert.Contains("command steps are not allowed on this server", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("--allow-command-steps", (string)problem["detail"]!, StringComparison.Ordinal);
        var (missing, _) = await server.Server.SendAsync(HttpMethod.Get, "/api/crucible/v1/pipelines/cmd");
        Assert.Equal(404, missing);
    }

    [Fact]
    public async Task A_command_pipeline_saved_behind_the_api_fails_at_run_time_without_running_the_command()
    {
        using var dir = new TempDirectory();
        var marker = dir.File("ran");
        await using var server = await PipelineServer.StartAsync(o => o with { Exposure = o.Exposure with { CommandSteps = CommandStepOptions.Disabled } });
        var store = server.Server.App.Services.GetRequiredService<IPipelineStore>();
        await store.SavePipelineAsync("cmd", Pipeline(server.DataPath, $"touch {marker}"), CancellationToken.None);

        var started = await server.Server.OkAsync(HttpMethod.Post, "/api/crucible/v1/pipelines/cmd/runs", new JsonObject());
        await server.Server.App.Services.GetRequiredService<Crucible.Pipelines.Running.PipelineService>().WaitAsync((string)started["run"]!["run_id"]!);
        var run = await store.GetRunAsync((string)started["run"]!["run_id"]!, CancellationToken.None);

        Assert.Equal("failed", run.Status);
        Assert.Contains("command steps are not allowed on this server", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("editor")]
    [InlineData("maintainer")]
    public async Task Where_allowed_only_an_admin_may_create_or_change_a_pipeline_with_a_command_step(string role)
    {
        await using var server = await PipelineServer.StartAsync(o => o with { Auth = new AuthOptions() });
        using var callers = await TestPrincipals.CreateAsync(server.Server.App.Address(), server.Server.AdminToken, "churn");
        var caller = callers.For(Enum.Parse<Role>(role, ignoreCase: true));

        var (refused, problem) = await PostAsync(callers, caller, Pipeline(server.DataPath, CopyModel));
        var (created, _) = await PostAsync(callers, callers.Admin, Pipeline(server.DataPath, CopyModel));
        // Replacing the admin's command pipeline by one without a command is a change to it, and admin-only too.
        var (replaced, replaceProblem) = await PostAsync(callers, caller, $"name: cmd\nsteps:\n  - {{id: tell, type: notify, url: 'https://example.com/hook'}}\n");
        var (other, _) = await PostAsync(callers, caller, $"name: plain\nsteps:\n  - {{id: tell, type: notify, url: 'https://example.com/hook'}}\n");

        Assert.Equal(403, refused);
        Assert.Equal("PERMISSION_DENIED", (string?)problem["errorCode"]);
        Assert.Equal(200, created);
        Assert.Equal(403, replaced);
        if (role == "maintainer")
        {
            // A maintainer may change pipelines (the route's policy) but not ones with command steps (the pipeline guard).
            Assert.Contains($"'{caller.Expected.Name}' is not an admin", (string)problem["detail"]!, StringComparison.Ordinal);
            Assert.Contains("it has command steps 'train'", (string)replaceProblem["detail"]!, StringComparison.Ordinal);
            Assert.Equal(200, other);
        }
        else
        {
            // Viewers and editors may not change pipelines at all: the route's policy refuses them first.
            Assert.Contains($"'{caller.Expected.Name}' is a", (string)problem["detail"]!, StringComparison.Ordinal);
            Assert.Equal(403, other);
        }
        var stored = await server.Server.App.Services.GetRequiredService<IPipelineStore>().GetPipelineAsync("cmd", CancellationToken.None);
        Assert.Contains("command:", stored.Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_command_runs_with_a_clean_environment_in_its_own_working_folder()
    {
        Environment.SetEnvironmentVariable("CRUCIBLE_TEST_SERVER_SECRET", "s3cr3t");
        try
        {
            await using var server = await PipelineServer.StartAsync();

            var run = await server.RunAsync(Pipeline(server.DataPath, $"env | sort; echo cwd=$(pwd); {CopyModel}"));

            Assert.Equal("succeeded", (string)run["status"]!);
            var log = (string)PipelineServer.Step(run, "train")["log"]!;
            Assert.DoesNotContain("CRUCIBLE_TEST_SERVER_SECRET", log, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t", log, StringComparison.Ordinal);
            Assert.Contains("\nPATH=", log, StringComparison.Ordinal);
            Assert.Contains("\nCRUCIBLE_OUTPUT_DIR=", log, StringComparison.Ordinal);
            var home = log.Split('\n').Single(l => l.StartsWith("HOME=", StringComparison.Ordinal))["HOME=".Length..];
            Assert.EndsWith("command-train", home, StringComparison.Ordinal);
            Assert.Contains("cwd=" + home, log, StringComparison.Ordinal);
            var names = log.Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith("cwd=", StringComparison.Ordinal) && !l.StartsWith('$') && !l.StartsWith("training input", StringComparison.Ordinal))
                .Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).Where(n => n.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')).ToHashSet();
            // Only what the sandbox sets and the step contract documents (the shell itself adds PWD, SHLVL and _).
            Assert.Empty(names.Except(["PATH", "HOME", "LANG", "PWD", "SHLVL", "_", "CRUCIBLE_RUN_ID", "CRUCIBLE_TRAIN_PATH", "CRUCIBLE_OUTPUT_DIR", "CRUCIBLE_LABEL", "CRUCIBLE_PIPELINE", "CRUCIBLE_PIPELINE_RUN_ID", "CRUCIBLE_TRACKING_URI", "MLFLOW_TRACKING_URI"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CRUCIBLE_TEST_SERVER_SECRET", null);
        }
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_group_and_output_beyond_the_cap_is_dropped_and_said_so()
    {
        using var dir = new TempDirectory();
        var pidFile = dir.File("child.pid");
        await using var server = await PipelineServer.StartAsync(o => o with { Exposure = o.Exposure with { CommandSteps = CommandStepOptions.Enabled with { MaxOutputBytes = 2000 } } });

        // A child that leaves the tree (its parent shell exits) must die with the group; 5000 lines overflow the cap.
        var run = await server.RunAsync(Pipeline(server.DataPath, $"yes line | head -n 5000; (sleep 60 & echo $! > {pidFile}); sleep 60", timeout: "2s"));

        Assert.Equal("failed", (string)run["status"]!);
        Assert.Contains("did not finish within 00:00:02 and was killed", (string)run["error"]!, StringComparison.Ordinal);
        var log = (string)PipelineServer.Step(run, "train")["log"]!;
        Assert.Contains("[output truncated: the command wrote more than 2000 bytes; the rest was discarded]", log, StringComparison.Ordinal);
        Assert.True(log.Split('\n').Count(l => l == "line") < 500, "the log holds only the capped output");
        var pid = int.Parse(await File.ReadAllTextAsync(pidFile), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await GoneAsync(pid), $"the orphaned child {pid} outlived the timeout");
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            var stat = $"/proc/{pid}/stat";
            if (!File.Exists(stat) || (await File.ReadAllTextAsync(stat)).Contains(") Z ", StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    private static async Task<(int Status, JsonNode Body)> PostAsync(TestPrincipals callers, TestCaller caller, string yaml)
    {
        using var request = TestPrincipals.As(new HttpRequestMessage(HttpMethod.Post, "/api/crucible/v1/pipelines") { Content = new StringContent(yaml, Encoding.UTF8, "application/yaml") }, caller);
        using var response = await callers.Http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
