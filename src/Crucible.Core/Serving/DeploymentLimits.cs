using Crucible.Core.Errors;

namespace Crucible.Core.Serving;

/// <summary>Bounds on deployments, checked in one place for the API, the CLI and the stores.</summary>
public static class DeploymentLimits
{
    public const int MaxNameLength = 128;
    public const int MaxRoutes = 16;
    public const int MaxWeight = 1_000_000;
    public const int MaxBatchSize = 4096;
    public const double MaxDelayMs = 1000;
    public const int MaxDescriptionLength = 5000;

    /// <summary>
    /// Deployment names become URL path segments (<c>/v2/models/NAME</c>, <c>/deployments/NAME/invocations</c>) and
    /// Prometheus label values: letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, starting with a letter or digit.
    /// </summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && char.IsAsciiLetterOrDigit(name[0])
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static void Validate(DeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!IsValidName(spec.Name))
        {
            throw CrucibleException.Invalid(
                $"Invalid deployment name '{spec.Name}': use 1 to {MaxNameLength} letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }

        if (spec.Routes is null || spec.Routes.Count == 0)
        {
            throw CrucibleException.Invalid($"Deployment '{spec.Name}' needs at least one route (a model version or alias).");
        }

        if (spec.Routes.Count > MaxRoutes)
        {
            throw CrucibleException.Invalid($"Deployment '{spec.Name}' has {spec.Routes.Count} routes; at most {MaxRoutes} are allowed.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in spec.Routes)
        {
            if (route?.Target is null)
            {
                throw CrucibleException.Invalid($"Deployment '{spec.Name}' has a route without a model.");
            }

            if (route.Weight < 0 || route.Weight > MaxWeight)
            {
                throw CrucibleException.Invalid($"Route '{route.Target}' of deployment '{spec.Name}' has weight {route.Weight}; weights are 0 to {MaxWeight}.");
            }

            if (!seen.Add(route.Target.ToString()))
            {
                throw CrucibleException.Invalid($"Deployment '{spec.Name}' names '{route.Target}' in more than one route.");
            }
        }

        if (spec.Routes.All(r => r.Weight == 0))
        {
            throw CrucibleException.Invalid($"Deployment '{spec.Name}': at least one route needs a positive weight.");
        }

        if (spec.Batching is null || spec.Batching.MaxBatchSize < 1 || spec.Batching.MaxBatchSize > MaxBatchSize)
        {
            throw CrucibleException.Invalid($"Deployment '{spec.Name}': max batch size must be 1 (off) to {MaxBatchSize}, got {spec.Batching?.MaxBatchSize}.");
        }

        if (double.IsNaN(spec.Batching.MaxDelayMs) || spec.Batching.MaxDelayMs < 0 || spec.Batching.MaxDelayMs > MaxDelayMs)
        {
            throw CrucibleException.Invalid($"Deployment '{spec.Name}': max delay must be 0 to {MaxDelayMs} ms, got {spec.Batching.MaxDelayMs}.");
        }

        if (spec.Description is { Length: > MaxDescriptionLength })
        {
            throw CrucibleException.Invalid($"Deployment '{spec.Name}': the description is longer than {MaxDescriptionLength} characters.");
        }

        if (spec.Exposure is { } exposure)
        {
            ExposureLimits.Validate(spec.Name, exposure);
        }
    }
}
