using Crucible.Core.Net;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>Wires the exposure controls: the webhook target rules (SSRF), the pipeline command-step guard, the registered-artifact guard and the inference rate limits.</summary>
internal static class ExposureComposition
{
    public static void AddExposure(this IServiceCollection services, ServerOptions options)
    {
        services.AddInferenceRateLimits(options);
        services.AddSingleton(new OutboundTargets(options.Exposure.AllowedWebhookHosts));
        services.AddSingleton(sp => new RegisteredArtifactGuard(sp.GetRequiredService<Crucible.Core.Registry.IModelRegistryStore>(), sp.GetRequiredService<Crucible.Core.Tracking.IRunStore>()));
        services.AddSingleton(sp => new PipelineGuard(options.Exposure, sp.GetRequiredService<OutboundTargets>()));
    }
}
