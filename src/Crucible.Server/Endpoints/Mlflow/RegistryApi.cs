using Crucible.Server.Security;

namespace Crucible.Server.Endpoints.Mlflow;

/// <summary>Mounts MLflow's model registry endpoints under <c>/api/2.0</c> and <c>/ajax-api/2.0</c>; Crucible's own registry endpoints are in <see cref="Native.NativeApi"/>.</summary>
internal static class RegistryApi
{
    public static void MapRegistryApi(this IEndpointRouteBuilder app)
    {
        foreach (var root in new[] { "/api/2.0", MlflowApi.UiRoot })
        {
            var mlflow = app.MapGroup(root + "/mlflow");
            mlflow.ListedOnce(root);
            mlflow.RequireAccess(AccessPolicies.Registry);
            mlflow.MapRegisteredModels();
            mlflow.MapModelVersions();
        }
    }
}
