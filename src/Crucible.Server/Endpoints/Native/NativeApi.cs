using Crucible.Contracts;
using Crucible.Server.Endpoints.Monitoring;
using Crucible.Server.Endpoints.Pipelines;
using Crucible.Server.Endpoints.Serving;

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
        native.MapModelPackages();
        native.MapModelLineage();
        native.MapDatasets();
        native.MapEvaluations();
        native.MapDeployments();
        native.MapMonitors();
        native.MapPerformance();
        native.MapDriftReports();
        native.MapProfiles();
        native.MapRetention();
        native.MapPipelinesApi();
    }
}
