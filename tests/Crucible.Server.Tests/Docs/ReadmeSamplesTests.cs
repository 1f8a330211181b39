using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Crucible.Server.Tests.Docs;

/// <summary>The README's HTTP samples run against a live server and get MLflow answers, not errors.</summary>
public sealed partial class ReadmeSamplesTests : IAsyncLifetime
{
    private Security.AuthServer _server = null!;

    public async Task InitializeAsync() => _server = await Security.AuthServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Readme_curl_samples_run_and_return_json()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "README.md"));
        var blocks = BashBlock().Matches(readme).Select(m => m.Groups[1].Value).Where(b => b.Contains("curl", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            var info = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", block]) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.Environment["CRUCIBLE_URL"] = _server.App.Address().ToString().TrimEnd('/');
            info.Environment["CRUCIBLE_TOKEN"] = _server.AdminToken;
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"sample failed ({process.ExitCode}): {error}\n{block}");

            var values = ReadAll(output);
            Assert.Equal(block.Split('\n').Count(l => l.TrimStart().StartsWith("curl", StringComparison.Ordinal)), values.Count);
            Assert.All(values, v => Assert.False(v.TryGetProperty("error_code", out _), $"a sample got an error: {v}"));
        }
    }

    [Fact]
    public async Task Readme_curl_samples_set_their_own_url_and_fail_loudly()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "README.md"));
        Assert.DoesNotContain("../", readme, StringComparison.Ordinal);
        var blocks = BashBlock().Matches(readme).Select(m => m.Groups[1].Value).Where(b => b.Contains("curl", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            var lines = block.Split('\n');
            Assert.Equal("CRUCIBLE_URL=${CRUCIBLE_URL:-http://127.0.0.1:5000}", lines[0]);
            Assert.Equal("CRUCIBLE_TOKEN=${CRUCIBLE_TOKEN:-$(cat crucible-data/admin.token)}", lines[1]);
            Assert.All(lines.Where(l => l.TrimStart().StartsWith("curl", StringComparison.Ordinal)), l =>
            {
                Assert.Contains("curl -fsS ", l, StringComparison.Ordinal);
                Assert.Contains("-H 'Content-Type: application/json'", l, StringComparison.Ordinal);
                Assert.Contains("-H \"Authorization: Bearer $CRUCIBLE_TOKEN\"", l, StringComparison.Ordinal);
            });

            // Nothing listens on the discard port: the first sample must stop the script with curl's error.
            var info = new ProcessStartInfo("bash", ["-c", block]) { RedirectStandardOutput = true, RedirectStandardError = true };
            info.Environment["CRUCIBLE_URL"] = "http://127.0.0.1:9";
            info.Environment["CRUCIBLE_TOKEN"] = "crc_unused";
            using var process = Process.Start(info)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode != 0, $"a failed sample passed silently: {block}");
            Assert.Contains("curl:", error, StringComparison.Ordinal);
        }
    }

    private static List<JsonElement> ReadAll(string output)
    {
        var values = new List<JsonElement>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            values.Add(document.RootElement.Clone());
        }

        return values;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crucible.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("repository root not found");
    }

    [GeneratedRegex("```bash\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
