using System.Text.Json;
using System.Text.RegularExpressions;
using Crucible.TestSupport;

namespace Crucible.Cli.Tests.Docs;

/// <summary>docs/use-cases.md's segmentation commands run as written, on the committed sample data.</summary>
public sealed partial class UseCasesDocsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_segmentation_samples_train_and_choose_the_planted_four_segments()
    {
        var root = RepoRoot();
        var page = await File.ReadAllTextAsync(Path.Combine(root, "docs", "use-cases.md"));
        var commands = BashBlock().Matches(page).SelectMany(m => m.Groups[1].Value.Split('\n'))
            .Where(l => l.StartsWith("./crucible ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, commands.Count);

        var outputs = new List<JsonElement>();
        foreach (var line in commands)
        {
            var args = line["./crucible ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(a => a.StartsWith("docs/", StringComparison.Ordinal) ? Path.Combine(root, a) : a.EndsWith(".onnx", StringComparison.Ordinal) ? _dir.File(a) : a)
                .ToList();
            var json = args.Contains("--json");
            if (!json)
            {
                args.Add("--json");
            }

            var result = await Cli.RunAsync([.. args]);
            Assert.True(result.ExitCode == 0, $"{line}: {result.Error}");
            Assert.True(File.Exists(args[args.IndexOf("--out") + 1]));
            outputs.Add(JsonDocument.Parse(result.Output).RootElement.Clone());
        }

        Assert.Equal(4, outputs[0].GetProperty("metrics").GetProperty("n_clusters").GetDouble());
        Assert.True(outputs[0].GetProperty("metrics").GetProperty("train_silhouette").GetDouble() > 0.5);
        Assert.Equal("clustering", outputs[1].GetProperty("task").GetString());
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Crucible.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex("```bash\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BashBlock();
}
