using System.Text.RegularExpressions;
using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Tests.Docs;

/// <summary>docs/pipelines.md's sample pipeline is valid, and runs its steps in the order the page describes.</summary>
public sealed partial class PipelineDocsTests
{
    [Fact]
    public void The_sample_pipeline_is_valid()
    {
        var page = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "pipelines.md"));
        var sample = Assert.Single(YamlBlock().Matches(page)).Groups[1].Value;

        var spec = PipelineSpecParser.Parse(sample);

        Assert.Equal("churn-retrain", spec.Name);
        Assert.Equal(["check", "train", "eval", "gate", "register", "canary", "promote", "tell"], spec.Steps.Select(s => s.Id));
        Assert.Equal(new PipelineTriggers(TimeSpan.FromDays(1), "churn"), spec.Triggers);
        Assert.Equal(StepTypes.Rules.Keys.Order(), spec.Steps.Select(s => s.Type).Distinct().Order());
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

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
