using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible drift</c> and <c>crucible data</c> with registered datasets (<c>NAME@VERSION</c>), against a real server.</summary>
public sealed class RegisteredDatasetFilesTests(TrackingServer server) : IClassFixture<TrackingServer>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Dataset_versions_are_compared_like_their_files_and_a_missing_one_is_a_clear_error()
    {
        var uri = server.Uri.ToString();
        var name = TrackingServer.UniqueName("drift");
        var random = new Random(5);
        string Csv(double shift)
        {
            var text = new StringBuilder("a,b\n");
            for (var i = 0; i < 400; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{random.NextDouble() + shift},{random.Next(3)}\n");
            }

            return text.ToString();
        }

        var reference = _dir.File("reference.csv");
        var current = _dir.File("current.csv");
        await File.WriteAllTextAsync(reference, Csv(0));
        await File.WriteAllTextAsync(current, Csv(0.5));
        foreach (var file in new[] { reference, current })
        {
            var registered = await Cli.RunAsync("data", "register", file, "--name", name, "--tracking-uri", uri);
            Assert.True(registered.ExitCode == 0, registered.Error);
        }

        var byName = await Cli.RunAsync("drift", "--reference", $"{name}@1", "--current", $"{name}@2", "--tracking-uri", uri, "--json");
        var byFile = await Cli.RunAsync("drift", "--reference", reference, "--current", current, "--json");

        Assert.True(byName.ExitCode == 0, byName.Error);
        Assert.Equal(byFile.Output, byName.Output);
        var columns = JsonNode.Parse(byName.Output)!["columns"]!.AsArray();
        Assert.True((bool)columns.Single(c => (string)c!["column"]! == "a")!["drift"]!);
        Assert.False((bool)columns.Single(c => (string)c!["column"]! == "b")!["drift"]!);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"crucible-dataset-{name}-*"));

        var missing = await Cli.RunAsync("drift", "--reference", $"{name}@9", "--current", current, "--tracking-uri", uri);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"dataset {name}@9", missing.Error, StringComparison.Ordinal);

        // The data commands take the same references (their output goes to the process console, so exit codes tell here):
        // checks pass on the version and fail against the other as reference (drift), and a missing version is bad input.
        Assert.Equal(0, (await Cli.RunAsync("data", "profile", $"{name}@1", "--tracking-uri", uri, "--json")).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("data", "scan-pii", $"{name}@2", "--tracking-uri", uri, "--json")).ExitCode);
        Assert.Equal(0, (await Cli.RunAsync("data", "check", $"{name}@1", "--tracking-uri", uri, "--json")).ExitCode);
        Assert.Equal(
            (await Cli.RunAsync("data", "check", current, "--reference", reference, "--json")).ExitCode,
            (await Cli.RunAsync("data", "check", $"{name}@2", "--reference", $"{name}@1", "--tracking-uri", uri, "--json")).ExitCode);
        Assert.Equal(2, (await Cli.RunAsync("data", "check", $"{name}@9", "--tracking-uri", uri)).ExitCode);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"crucible-dataset-{name}-*"));
    }
}
