namespace Crucible.Contracts.Monitoring;

/// <summary>
/// A stored window of partial profiles: <c>rows</c> sums the partials' row counts, <c>replicas</c> names who wrote
/// them, <c>problems</c> lists partials that could not be read (skipped when merging).
/// </summary>
public sealed record ProfileWindowDto(
    string ModelVersion,
    long WindowStart,
    long WindowMs,
    long Rows,
    IReadOnlyList<string> Replicas,
    IReadOnlyList<string> Problems,
    long UpdatedTime);

/// <summary>The body of <c>GET /api/crucible/v1/deployments/{name}/profiles</c>, oldest window first.</summary>
public sealed record ProfileWindowsResponse(IReadOnlyList<ProfileWindowDto> Windows, bool Truncated);

/// <summary>The answer to an upload: the rows it added and the window as stored afterwards.</summary>
public sealed record ProfileUploadResponse(long RowsAdded, ProfileWindowDto Window);
