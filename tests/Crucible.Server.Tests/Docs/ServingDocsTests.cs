using System.Diagnostics;
using System.Text.RegularExpressions;
using Crucible.Server.Tests.Registry;
using Crucible.Server.Tests.Serving;

namespace Crucible.Server.Tests.Docs;

/// <summary>docs/serving.md's quick start runs as written (the real CLI and curl against a live server), and prints what the page says it prints.</summary>
public sealed class ServingDocsTests(ServingServer server) : IClassFixture<ServingServer>
{
    [Fact]
    public async Task The_quick_start_registers_deploys_and_answers_as_documented()
    {
        var page = await File.ReadAllTextAsync(Path.Combine(ReadmeSamplesTests.RepoRoot(), "docs", "serving.md"));
        var script = CodeBlock("bash").Matches(page)[0].Groups[1].Value;
        var documented = CodeBlock("json").Matches(page)[0].Groups[1].Value.Trim().Split('\n');
        var shim = $"crucible() {{ dotnet '{CliBinary.Path()}' \"$@\"; }}\n";

        var info = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", shim + script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var url = server.App.Address().ToString().TrimEnd('/');
        info.Environment["CRUCIBLE_URL"] = url;
        info.Environment["MLFLOW_TRACKING_URI"] = url;
        info.Environment["MODEL"] = RegistryServer.Fixture("linear_classifier.onnx");
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"the quick start failed ({process.ExitCode}): {error}\n{output}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var answer in documented)
        {
            Assert.Contains(answer.Trim(), lines);
        }
    }

    private static Regex CodeBlock(string language) => new($"```{language}\\n(.*?)```", RegexOptions.Singleline);
}
