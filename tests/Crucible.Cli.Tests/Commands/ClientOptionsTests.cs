using Crucible.Cli.Commands;
using Crucible.Cli.Tests.Client;

namespace Crucible.Cli.Tests.Commands;

public sealed class ClientOptionsTests
{
    [Theory]
    [InlineData(null, "http://127.0.0.1:5000")]
    [InlineData("", "http://127.0.0.1:5000")]
    [InlineData("  ", "http://127.0.0.1:5000")]
    [InlineData("http://tracking:8080 ", "http://tracking:8080")]
    public void Tracking_uri_defaults_to_the_environment_then_localhost(string? environment, string expected) =>
        Assert.Equal(expected, ClientOptions.ResolveTrackingUri(environment));

    [Theory]
    [InlineData("experiments", "list")]
    [InlineData("runs", "list", "--experiment-id", "1")]
    [InlineData("runs", "show", "abc")]
    [InlineData("experiments", "create", "x")]
    public async Task Connection_refused_prints_a_hint_to_start_the_server(params string[] args)
    {
        var uri = $"http://127.0.0.1:{TransportTests.FreePort()}/";

        var result = await Cli.RunAsync([.. args, "--tracking-uri", uri]);

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.StartsWith($"error: cannot connect to {uri}", result.Error, StringComparison.Ordinal);
        Assert.Contains($"Is `crucible server` running at {uri}?", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("not a uri")]
    [InlineData("file:///tmp/mlruns")]
    public async Task An_unusable_tracking_uri_is_refused(string uri)
    {
        var result = await Cli.RunAsync("experiments", "list", "--tracking-uri", uri);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"invalid tracking URI '{uri}'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_client_commands_and_their_shared_flags()
    {
        var root = await Cli.RunAsync("--help");
        var list = await Cli.RunAsync("runs", "list", "--help");

        Assert.Contains("experiments", root.Output, StringComparison.Ordinal);
        Assert.Contains("runs", root.Output, StringComparison.Ordinal);
        Assert.Contains("--tracking-uri", list.Output, StringComparison.Ordinal);
        Assert.Contains("--json", list.Output, StringComparison.Ordinal);
        Assert.Contains("MLFLOW_TRACKING_URI", list.Output, StringComparison.Ordinal);
    }
}
