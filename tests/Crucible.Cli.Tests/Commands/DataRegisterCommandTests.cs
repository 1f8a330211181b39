using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Commands;

/// <summary><c>crucible data register</c> and <c>crucible data versions</c> against a real server.</summary>
public sealed class DataRegisterCommandTests(TrackingServer server) : IClassFixture<TrackingServer>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Register_uploads_a_version_with_provenance_re_registers_idempotently_and_versions_lists_it()
    {
        var uri = server.Uri.ToString();
        var name = TrackingServer.UniqueName("customers");
        var raw = _dir.File("raw.csv");
        await File.WriteAllTextAsync(raw, "id,email\n1,a@x.org\n2,b@x.org\n");
        var clean = _dir.File("clean.jsonl");
        await File.WriteAllTextAsync(clean, "{\"id\":1,\"email\":\"***\"}\n{\"id\":2,\"email\":\"***\"}\n");

        var first = await Cli.RunAsync("data", "register", raw, "--name", name, "--owner", "ana", "--license", "CC-BY-4.0", "--tracking-uri", uri);
        Assert.True(first.ExitCode == 0, first.Error + first.Output);
        Assert.Contains($"Registered '{name}' version 1.", first.Output, StringComparison.Ordinal);

        var second = await Cli.RunAsync(
            "data", "register", clean, "--name", name, "--parent", $"{name}@1", "--transform", "redact: mask email", "--description", "masked", "--tracking-uri", uri, "--json");
        Assert.True(second.ExitCode == 0, second.Error + second.Output);
        var v2 = JsonNode.Parse(second.Output)!["dataset_version"]!;
        Assert.Equal((2L, "jsonl", 2L), ((long)v2["version"]!, (string)v2["format"]!, (long)v2["row_count"]!));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(clean))), (string)v2["digest"]!);
        Assert.Equal([$"{name}@1"], v2["parents"]!.AsArray().Select(p => (string)p!));
        Assert.Equal(("redact: mask email", "masked"), ((string)v2["transform"]!, (string)v2["description"]!));
        Assert.Equal(new Uri(clean).AbsoluteUri, (string)v2["source"]!);

        var again = await Cli.RunAsync("data", "register", raw, "--name", name, "--tracking-uri", uri);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("already holds this file", again.Output, StringComparison.Ordinal);

        var versions = await Cli.RunAsync("data", "versions", name, "--tracking-uri", uri);
        Assert.True(versions.ExitCode == 0, versions.Error);
        Assert.Contains("CC-BY-4.0", versions.Output, StringComparison.Ordinal);
        Assert.Contains("redact: mask email", versions.Output, StringComparison.Ordinal);
        var json = JsonNode.Parse((await Cli.RunAsync("data", "versions", name, "--tracking-uri", uri, "--json")).Output)!;
        Assert.Equal([1L, 2L], json["versions"]!.AsArray().Select(v => (long)v!["version"]!));
    }

    [Fact]
    public async Task A_bad_file_or_name_exits_1_with_the_reason_and_registers_nothing()
    {
        var uri = server.Uri.ToString();
        var name = TrackingServer.UniqueName("bad");
        var ragged = _dir.File("ragged.csv");
        await File.WriteAllTextAsync(ragged, "a,b\n1,2\n3\n");

        var result = await Cli.RunAsync("data", "register", ragged, "--name", name, "--tracking-uri", uri);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("INVALID_PARAMETER_VALUE", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 3", result.Error, StringComparison.Ordinal);
        var versions = await Cli.RunAsync("data", "versions", name, "--tracking-uri", uri);
        Assert.Equal(1, versions.ExitCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", versions.Error, StringComparison.Ordinal);

        var badName = await Cli.RunAsync("data", "register", ragged, "--name", "no spaces", "--tracking-uri", uri);
        Assert.Equal(1, badName.ExitCode);
        Assert.Contains("Invalid dataset name", badName.Error, StringComparison.Ordinal);
        var badParent = await Cli.RunAsync("data", "register", ragged, "--name", name, "--parent", "nover", "--tracking-uri", uri);
        Assert.Equal(1, badParent.ExitCode);
        Assert.Contains("NAME@VERSION", badParent.Error, StringComparison.Ordinal);
    }
}
