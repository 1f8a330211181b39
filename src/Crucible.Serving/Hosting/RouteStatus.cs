using Crucible.Core.Serving;

namespace Crucible.Serving.Hosting;

/// <summary>How one route (or the shadow, with weight 0) stands on this replica.</summary>
public sealed record RouteStatus(ModelReference Target, int Weight, bool IsShadow, string? ResolvedVersion, string State, string? Error)
{
    public const string Ready = "ready";
    public const string Loading = "loading";
    public const string Failed = "failed";
}
