using System.Text.RegularExpressions;

namespace Crucible.Core.Tests.Architecture;

/// <summary>Every <c>[LoggerMessage(EventId = N)]</c> in src/ names one event: a log search by id finds one message.</summary>
public sealed partial class LogEventIdTests
{
    [Fact]
    public void Event_ids_are_unique_across_the_code_base()
    {
        var root = ProjectReferenceTests.RepositoryRoot();
        var uses = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => EventId().Matches(File.ReadAllText(f)).Select(m => (Id: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), File: Path.GetRelativePath(root, f))))
            .ToList();
        Assert.True(uses.Count > 20, $"found only {uses.Count} event ids");
        var duplicates = uses.GroupBy(u => u.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(u => u.File))}").ToList();
        Assert.True(duplicates.Count == 0, "event ids used more than once: " + string.Join("; ", duplicates));
    }

    [GeneratedRegex(@"LoggerMessage\(EventId = (\d+)")]
    private static partial Regex EventId();
}
