using Crucible.Server.Endpoints.Contract;
using Crucible.Server.Observability;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints;

/// <summary><c>GET /metrics</c> in Prometheus text format, for a Prometheus server to scrape on each replica.</summary>
internal static class MetricsEndpoints
{
    public static void MapMetrics(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (PrometheusMetrics metrics) => TypedResults.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8")).Plain("Metrics", "Prometheus metrics of this replica").ProducesText("text/plain; version=0.0.4")
            .RequireAccess(AccessPolicies.Observability);
}
