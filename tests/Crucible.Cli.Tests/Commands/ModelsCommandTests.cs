using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Crucible.Cli.Tests.Client;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible models</c> against a real server, through <c>Crucible.Client</c>.</summary>
public sealed class ModelsCommandTests(TrackingServer server) : IClassFixture<TrackingServer>, IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Uri => server.Uri.ToString();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_local_model_is_registered_listed_aliased_traced_and_downloaded_with_verified_files()
    {
        var name = TrackingServer.UniqueName("cli");
        var registered = await Cli.RunAsync("models", "register", ClientFixtures.Onnx("mlp.onnx"), "--name", name, "--tracking-uri", Uri, "--json");
        Assert.True(registered.ExitCode == 0, registered.Error);
        var runId = (string)JsonNode.Parse(registered.Output)!["model_version"]!["run_id"]!;
        Assert.Equal(0, (await Cli.RunAsync("models", "alias", "set", name, "champion", "1", "--tracking-uri", Uri)).ExitCode);

        var versions = JsonNode.Parse((await Cli.RunAsync("models", "versions", name, "--tracking-uri", Uri, "--json")).Output)!;
        var show = await Cli.RunAsync("models", "show", name, "--tracking-uri", Uri);
        var list = JsonNode.Parse((await Cli.RunAsync("models", "list", "--filter", $"name = '{name}'", "--tracking-uri", Uri, "--json")).Output)!;
        var lineage = JsonNode.Parse((await Cli.RunAsync("models", "lineage", name, "1", "--tracking-uri", Uri, "--json")).Output)!;
        var folder = _dir.File("download");
        var download = await Cli.RunAsync("models", "download", name, "--alias", "champion", "-o", folder, "--tracking-uri", Uri, "--json");

        Assert.Equal("1", (string)versions["model_versions"]![0]!["version"]!);
        Assert.Contains("alias champion", show.Output, StringComparison.Ordinal);
        Assert.Equal(name, (string)list["registered_models"]![0]!["name"]!);
        Assert.Equal(runId, (string)lineage["run_id"]!);
        Assert.True(download.ExitCode == 0, download.Error);
        var files = JsonNode.Parse(download.Output)!["files"]!.AsArray();
        Assert.Contains(files, f => (string)f!["path"]! == "model.onnx");
        foreach (var file in files)
        {
            var local = Path.Combine(folder, (string)file!["path"]!);
            Assert.Equal((string)file["sha256"]!, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(local))));
        }

        Assert.Empty(Directory.EnumerateFiles(folder, "*.part-*", SearchOption.AllDirectories));
        Assert.Equal(0, (await Cli.RunAsync("models", "alias", "delete", name, "champion", "--tracking-uri", Uri)).ExitCode);
        var noAlias = await Cli.RunAsync("models", "download", name, "--alias", "champion", "-o", folder, "--tracking-uri", Uri);
        Assert.Equal(1, noAlias.ExitCode);
        Assert.StartsWith("error: INVALID_PARAMETER_VALUE", noAlias.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_is_uploaded_into_a_new_run_and_an_existing_model_takes_the_next_version()
    {
        var name = TrackingServer.UniqueName("folder");
        var folder = _dir.File("model");
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        File.Copy(ClientFixtures.Onnx("mlp.onnx"), Path.Combine(folder, "model.onnx"));
        await File.WriteAllTextAsync(Path.Combine(folder, "sub", "notes.txt"), "hello");
        Assert.Equal(0, (await Cli.RunAsync("models", "register", ClientFixtures.Onnx("mlp.onnx"), "--name", name, "--tracking-uri", Uri)).ExitCode);

        var second = await Cli.RunAsync("models", "register", folder, "--name", name, "--tracking-uri", Uri, "--json");

        Assert.True(second.ExitCode == 0, second.Error);
        var version = JsonNode.Parse(second.Output)!["model_version"]!;
        Assert.Equal("2", (string)version["version"]!);
        using var client = server.Client();
        var listed = await client.ListRunArtifactsAsync((string)version["run_id"]!, "model/sub");
        Assert.Equal(["model/sub/notes.txt"], (listed.Files ?? []).Select(f => f.Path));
    }

    [Fact]
    public async Task Refusals_are_one_error_line_with_exit_code_1()
    {
        var missing = await Cli.RunAsync("models", "show", TrackingServer.UniqueName("none"), "--tracking-uri", Uri);
        var notOnnx = _dir.File("not.onnx");
        await File.WriteAllTextAsync(notOnnx, "not a model");
        var bad = await Cli.RunAsync("models", "register", notOnnx, "--name", TrackingServer.UniqueName("bad"), "--tracking-uri", Uri);
        var noVersion = await Cli.RunAsync("models", "download", "x", "--tracking-uri", Uri);

        Assert.Equal((1, 1, 1), (missing.ExitCode, bad.ExitCode, noVersion.ExitCode));
        Assert.Matches("^error: RESOURCE_DOES_NOT_EXIST: .* \\(HTTP 404\\)\\s*$", missing.Error);
        Assert.StartsWith($"error: '{notOnnx}' is ", bad.Error, StringComparison.Ordinal);
        Assert.Equal("error: give a VERSION or --alias.", noVersion.Error.Trim());
    }
}
