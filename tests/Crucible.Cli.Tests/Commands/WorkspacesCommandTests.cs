using System.Text.Json.Nodes;

namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible users create-workspace|workspaces|set-role</c> against a real server.</summary>
public sealed class WorkspacesCommandTests(TrackingServer server) : IClassFixture<TrackingServer>
{
    [Fact]
    public async Task Create_list_and_bind_a_role_in_a_workspace()
    {
        var uri = server.Uri.ToString();
        var created = await Cli.RunAsync("users", "create-workspace", "team-cli", "--description", "made by the CLI", "--json", "--tracking-uri", uri);
        Assert.Equal(0, created.ExitCode);
        Assert.Equal("made by the CLI", (string)JsonNode.Parse(created.Output)!["workspaces"]![0]!["description"]!);

        var list = await Cli.RunAsync("users", "workspaces", "--tracking-uri", uri);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("team-cli\tmade by the CLI", list.Output, StringComparison.Ordinal);
        Assert.Contains("default", list.Output, StringComparison.Ordinal);

        Environment.SetEnvironmentVariable("CRUCIBLE_TEST_WS_PASSWORD", "a long enough password");
        Assert.Equal(0, (await Cli.RunAsync("users", "create", "carol-ws", "--password-env", "CRUCIBLE_TEST_WS_PASSWORD", "--tracking-uri", uri)).ExitCode);
        var bound = await Cli.RunAsync("users", "set-role", "carol-ws", "team-cli", "editor", "--json", "--tracking-uri", uri);
        Assert.Equal(0, bound.ExitCode);
        var roles = JsonNode.Parse(bound.Output)!["principals"]![0]!["roles"]!.AsArray();
        Assert.Contains(roles, r => (string)r!["workspace"]! == "team-cli" && (string)r["role"]! == "editor");

        var refused = await Cli.RunAsync("users", "set-role", "carol-ws", "team-cli", "owner", "--tracking-uri", uri);
        Assert.NotEqual(0, refused.ExitCode);
    }
}
