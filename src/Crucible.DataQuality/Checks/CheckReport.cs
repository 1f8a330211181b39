using Crucible.DataQuality.Profiling;

namespace Crucible.DataQuality.Checks;

/// <summary>The profile of the checked file and every check result; <see cref="Status"/> is the worst of them.</summary>
public sealed record CheckReport(DatasetProfile Profile, string? Label, string? Reference, IReadOnlyList<CheckResult> Results)
{
    public CheckStatus Status => Results.Count == 0 ? CheckStatus.Pass : Results.Max(r => r.Status);
}
