using System.Text.RegularExpressions;
using Crucible.Features.Definitions;
using Crucible.Features.Historical;

namespace Crucible.Features.Tests.Docs;

/// <summary>docs/features.md's worked example runs as written and writes the table the page shows.</summary>
public sealed partial class FeaturesDocsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crucible-features-docs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_worked_example_writes_the_table_the_page_shows()
    {
        var page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "features.md"));
        string? expected = null;
        foreach (Match block in Block().Matches(page))
        {
            var text = block.Groups["body"].Value;
            if (block.Groups["kind"].Value == "expect")
            {
                expected = text;
                continue;
            }

            var path = Path.Combine(_dir, block.Groups["path"].Value);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        Assert.Contains("crucible features historical --repo repo --entities entities.csv --service eta_model --out training.csv", page, StringComparison.Ordinal);
        var repo = FeatureRepoParser.ParseFolder(Path.Combine(_dir, "repo"));
        var output = Path.Combine(_dir, "training.csv");
        HistoricalRetrieval.Run(new HistoricalRequest(repo, Path.Combine(_dir, "repo"), Path.Combine(_dir, "entities.csv"), repo.Service("eta_model").Features, output));
        Assert.Equal(expected, File.ReadAllText(output).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crucible.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Crucible.slnx not found above the test binaries.");
    }

    [GeneratedRegex(@"<!-- (?<kind>file|expect): (?<path>\S+) -->\n```\w+\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
