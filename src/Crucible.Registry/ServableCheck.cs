using Crucible.Core.Errors;
using Crucible.Core.Registry;
using Crucible.Core.Serving;

namespace Crucible.Registry;

/// <summary>
/// Deploy-time refusal of versions that registered without an ONNX package (an external source, another flavor, no
/// MLflow model at all): MLflow lets them register, Crucible lets them be listed, aliased, staged, tagged and searched,
/// and refuses them here, naming the reason recorded at registration. The package record decides, not the tag.
/// </summary>
public static class ServableCheck
{
    /// <summary>Throws <c>InvalidParameterValue</c> for the first route or shadow whose version has no servable package.</summary>
    public static async Task EnsureServableAsync(DeploymentSpec spec, IModelRegistryStore registry, CancellationToken cancellationToken)
    {
        foreach (var target in spec.Routes.Select(r => r.Target).Append(spec.Shadow).OfType<ModelReference>())
        {
            ModelVersion version;
            try
            {
                version = target.Version is { } number
                    ? await registry.GetModelVersionAsync(target.Model, number, cancellationToken)
                    : await registry.GetVersionByAliasAsync(target.Model, target.Alias!, cancellationToken);
            }
            catch (CrucibleException e) when (e.Code is ErrorCode.ResourceDoesNotExist or ErrorCode.InvalidParameterValue)
            {
                // Unknown models, versions and aliases keep their existing handling (the route reports it when loading).
                continue;
            }

            var package = await registry.GetPackageAsync(version.Name, version.Version, cancellationToken);
            if (package?.Description is null)
            {
                var reason = version.Tags.FirstOrDefault(t => t.Key == Servability.ReasonTag)?.Value ?? "it has no ONNX package";
                var via = target.Alias is { } alias ? $" (alias '{alias}')" : string.Empty;
                throw CrucibleException.Invalid(
                    $"Model version {version.Name}/{version.Version}{via} cannot be served: {reason} (source '{version.Source}'). Register an MLflow package with the onnx flavor to deploy it.");
            }
        }
    }
}
