using Crucible.Server.Endpoints.Native;
using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>Mounts the model registry: MLflow's endpoints under <c>/api/2.0</c> and <c>/ajax-api/2.0</c>, Crucible's under <c>/api/crucible/v1</c>.</summary>
internal static class RegistryApi
{
    public static void MapRegistryApi(this IEndpointRouteBuilder app)
    {
        foreach (var root in new[] { "/api/2.0", "/ajax-api/2.0" })
        {
            var mlflow = app.MapGroup(root + "/mlflow");
            mlflow.RequireAccess(AccessPolicies.Registry);
            mlflow.MapRegisteredModels();
            mlflow.MapModelVersions();
        }

        var native = app.MapGroup("/api/crucible/v1");
        native.RequireAccess(AccessPolicies.Registry);
        native.MapModelPackages();
        native.MapModelLineage();
        native.MapDatasets();
        native.MapEvaluations();
    }
}
