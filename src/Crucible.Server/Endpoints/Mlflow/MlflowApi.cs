using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>Mounts MLflow's REST API under <c>/api/2.0</c> and the UI's <c>/ajax-api/2.0</c>, as MLflow's server does.</summary>
internal static class MlflowApi
{
    /// <summary>The root MLflow's UI calls; it answers the same routes as <c>/api/2.0</c>.</summary>
    public const string UiRoot = "/ajax-api/2.0";

    public static void MapMlflowApi(this IEndpointRouteBuilder app)
    {
        foreach (var root in new[] { "/api/2.0", UiRoot })
        {
            var tracking = app.MapGroup(root + "/mlflow");
            tracking.ListedOnce(root);
            tracking.RequireAccess(AccessPolicies.Tracking);
            tracking.MapExperiments();
            tracking.MapRuns();
            tracking.MapLogging();
            tracking.MapRunArtifacts();
            tracking.MapLoggedModels();
            var artifacts = app.MapGroup(root + "/mlflow-artifacts");
            artifacts.ListedOnce(root);
            artifacts.MapArtifactProxy();
        }

        app.MapRegistryApi();
    }

    /// <summary>
    /// Leaves the UI's copy of the routes out of the contract (it would repeat every operation) and drops its names, which
    /// belong to the <c>/api/2.0</c> copy (endpoint names are unique).
    /// </summary>
    public static void ListedOnce(this RouteGroupBuilder group, string root)
    {
        if (root != UiRoot)
        {
            return;
        }

        group.ExcludeFromDescription();
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            foreach (var name in endpoint.Metadata.Where(m => m is IEndpointNameMetadata or IRouteNameMetadata).ToList())
            {
                endpoint.Metadata.Remove(name);
            }
        });
    }
}
