namespace Crucible.Core.Tracking;

public sealed record CreateRunRequest(
    string ExperimentId,
    string? UserId,
    string? RunName,
    long? StartTime,
    IReadOnlyList<Tag> Tags);

public sealed record RunUpdate(RunStatus? Status, long? EndTime, string? RunName);

public sealed record RunSearchQuery(
    IReadOnlyList<string> ExperimentIds,
    string? Filter,
    ViewType ViewType,
    int MaxResults,
    IReadOnlyList<string> OrderBy,
    string? PageToken);

public sealed record ExperimentSearchQuery(
    string? Filter,
    ViewType ViewType,
    int MaxResults,
    IReadOnlyList<string> OrderBy,
    string? PageToken);

public sealed record LogBatch(IReadOnlyList<Metric> Metrics, IReadOnlyList<Param> Params, IReadOnlyList<Tag> Tags)
{
    public int Count => Metrics.Count + Params.Count + Tags.Count;
}
