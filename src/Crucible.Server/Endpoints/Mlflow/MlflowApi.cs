using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>Mounts MLflow's REST API under <c>/api/2.0</c> and the UI's <c>/ajax-api/2.0</c>, as MLflow's server does.</summary>
internal static class MlflowApi
{
    public static void MapMlflowApi(this IEndpointRouteBuilder app)
    {
        foreach (var root in new[] { "/api/2.0", "/ajax-api/2.0" })
        {
            var tracking = app.MapGroup(root + "/mlflow");
            tracking.RequireAccess(AccessPolicies.Tracking);
            tracking.MapExperiments();
            tracking.MapRuns();
            tracking.MapLogging();
            tracking.MapRunArtifacts();
            tracking.MapLoggedModels();
            app.MapGroup(root + "/mlflow-artifacts").MapArtifactProxy();
        }

        app.MapRegistryApi();
    }
}
