using Crucible.Core.Net;
using Crucible.Server.Hosting;

namespace Crucible.Server.Security;

/// <summary>Wires the exposure controls: the webhook target rules (SSRF) and the pipeline command-step guard.</summary>
internal static class ExposureComposition
{
    public static void AddExposure(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(new OutboundTargets(options.Exposure.AllowedWebhookHosts));
        services.AddSingleton(sp => new PipelineGuard(options.Exposure, sp.GetRequiredService<OutboundTargets>()));
    }
}
