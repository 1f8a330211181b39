using Crucible.Pipelines.Steps;

namespace Crucible.Server.Hosting;

/// <summary>
/// What the server lets its users turn against the host or read out of a model: pipeline command steps
/// (<c>--allow-command-steps</c>), the private addresses webhooks and notify steps may reach
/// (<c>--allow-webhook-hosts</c>), and the inference rate limit (<c>--inference-rate-limit</c>).
/// See docs/security.md, "Pipelines, webhooks and serving exposure".
/// </summary>
public sealed record ExposureOptions
{
    /// <summary>Off by default; when on, only admins may create or change a pipeline with a command step.</summary>
    public CommandStepOptions CommandSteps { get; init; } = CommandStepOptions.Disabled;

    /// <summary>Host names and CIDR networks webhooks may reach although they are loopback, link-local or private.</summary>
    public IReadOnlyList<string> AllowedWebhookHosts { get; init; } = [];

    /// <summary>Inference requests each caller may make to each deployment (<c>--inference-rate-limit</c>); null: unlimited.</summary>
    public InferenceRateLimit? InferenceRateLimit { get; init; }
}
