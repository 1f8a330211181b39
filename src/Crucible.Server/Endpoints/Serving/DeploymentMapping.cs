using Crucible.Contracts.Serving;
using Crucible.Core.Errors;
using Crucible.Core.Serving;
using Crucible.Serving.Hosting;

namespace Crucible.Server.Endpoints.Serving;

/// <summary>Native deployment DTOs to and from the domain.</summary>
internal static class DeploymentMapping
{
    public const int DefaultWeight = 100;

    public static DeploymentSpec ToSpec(DeploymentRequest request, string? name)
    {
        var resolvedName = name ?? request.Name;
        if (name is not null && request.Name is not null && request.Name != name)
        {
            throw CrucibleException.Invalid($"The body names deployment '{request.Name}' but the path names '{name}'; renaming is not supported.");
        }

        if (string.IsNullOrEmpty(resolvedName))
        {
            throw CrucibleException.Invalid("Missing value for required parameter 'name'.");
        }

        if (request.Routes is null)
        {
            throw CrucibleException.Invalid("Missing value for required parameter 'routes': give at least one {\"model\", \"version\" or \"alias\", \"weight\"}.");
        }

        var routes = request.Routes.Select(r => r is null
            ? throw CrucibleException.Invalid("A route is null.")
            : new DeploymentRoute(Reference(r.Model, r.Version, r.Alias), r.Weight ?? DefaultWeight)).ToArray();
        var shadow = request.Shadow is { } s ? Reference(s.Model, s.Version, s.Alias) : null;
        var batching = request.Batching is { } b ? new BatchingSettings(b.MaxBatchSize, b.MaxDelayMs) : BatchingSettings.Off;
        var spec = new DeploymentSpec(resolvedName, routes, shadow, batching, request.Description, request.Capture ?? true)
        {
            Exposure = ExposureMapping.ToDomain(request.Exposure),
        };
        spec.Validate();
        return spec;
    }

    public static DeploymentDto ToDto(Deployment deployment, DeploymentTable? table) => new(
        deployment.Name,
        [.. deployment.Routes.Select(r => new DeploymentRouteDto(r.Target.Model, r.Target.Version, r.Target.Alias, r.Weight))],
        deployment.Shadow is { } s ? new ModelRefDto(s.Model, s.Version, s.Alias) : null,
        new BatchingDto(deployment.Batching.MaxBatchSize, deployment.Batching.MaxDelayMs),
        deployment.Description,
        deployment.Capture,
        deployment.Revision,
        deployment.CreationTimestamp,
        deployment.LastUpdatedTimestamp)
    {
        Status = table?.Describe(deployment).Select(s => new RouteStatusDto(
            s.Target.Model, s.Target.Version, s.Target.Alias, s.Weight, s.ResolvedVersion, s.State, s.Error) { Shadow = s.IsShadow ? true : null }).ToArray(),
        Endpoints = new Dictionary<string, string>
        {
            ["oip_infer"] = $"/v2/models/{deployment.Name}/infer",
            ["oip_metadata"] = $"/v2/models/{deployment.Name}",
            ["invocations"] = $"/deployments/{deployment.Name}/invocations",
        },
        Exposure = ExposureMapping.ToDto(deployment.Exposure),
    };

    private static ModelReference Reference(string? model, string? version, string? alias)
    {
        if (string.IsNullOrEmpty(model))
        {
            throw CrucibleException.Invalid("A route or shadow needs 'model' (a registered model name).");
        }

        return new ModelReference(model, string.IsNullOrEmpty(version) ? null : version, string.IsNullOrEmpty(alias) ? null : alias);
    }
}
