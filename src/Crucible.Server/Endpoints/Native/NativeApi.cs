using Crucible.Contracts;
using Crucible.Server.Endpoints.Features;
using Crucible.Server.Endpoints.Governance;
using Crucible.Server.Endpoints.Monitoring;
using Crucible.Server.Endpoints.Pipelines;
using Crucible.Server.Endpoints.Serving;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Native;

/// <summary>
/// Crucible's native API: one route group under <see cref="Root"/> (errors as ProblemDetails), into which every area maps
/// its routes with paths relative to the group. The MLflow and Open Inference families are mapped elsewhere.
/// </summary>
internal static class NativeApi
{
    /// <summary>The native family's prefix: every path under it answers errors as ProblemDetails.</summary>
    public const string Prefix = "/" + NativeApiRoute.Family;

    /// <summary>The native API's version-1 root (<see cref="NativeApiRoute.Root"/>).</summary>
    public const string Root = NativeApiRoute.Root;

    public static void MapNativeApi(this IEndpointRouteBuilder app)
    {
        var native = app.MapGroup(Root);
        var registry = native.MapGroup(string.Empty).RequireAccess(AccessPolicies.Registry);
        registry.MapModelPackages();
        registry.MapModelLineage();
        registry.MapDatasets();
        registry.MapEvaluations();
        registry.MapOnnxSummaries();
        registry.MapOptimization();
        registry.MapModelCards();
        registry.MapApprovals();
        native.MapDeployments();
        var monitoring = native.MapGroup(string.Empty).RequireAccess(AccessPolicies.Monitoring);
        monitoring.MapMonitors();
        monitoring.MapPerformance();
        monitoring.MapDriftReports();
        monitoring.MapProfiles();
        monitoring.MapRetention();
        native.MapPipelinesApi();
        native.MapFeaturesApi();
    }
}
