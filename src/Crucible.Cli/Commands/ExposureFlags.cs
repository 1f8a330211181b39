using System.CommandLine;
using Crucible.Core.Errors;
using Crucible.Core.Net;
using Crucible.Pipelines.Steps;
using Crucible.Server.Hosting;

namespace Crucible.Cli.Commands;

/// <summary>The <c>server</c> flags for what callers may turn against the host: command steps, private webhook targets, inference rate limits.</summary>
internal sealed class ExposureFlags
{
    private readonly Option<bool> _commandSteps = new("--allow-command-steps")
    {
        Description = "Allow pipeline steps that run a command (train: {command: [...]}); only admins may then create such pipelines. Off by default.",
    };

    private readonly Option<string?> _webhookHosts = new("--allow-webhook-hosts")
    {
        Description = "Comma-separated host names or CIDR networks webhooks and notify steps may reach although they are loopback, link-local or private (e.g. hooks.internal,10.1.0.0/16).",
    };

    private readonly Option<string?> _rateLimit = RateLimitOption();

    public IEnumerable<Option> All => [_commandSteps, _webhookHosts, _rateLimit];

    /// <summary>The problem with the flags' values, or null; checked before anything is opened.</summary>
    public string? Problem(ParseResult parse)
    {
        try
        {
            _ = new OutboundTargets(WebhookHosts(parse));
        }
        catch (CrucibleException e)
        {
            return "--allow-webhook-hosts: " + e.Message;
        }

        try
        {
            _ = RateLimit(parse);
            return null;
        }
        catch (FormatException e)
        {
            return "--inference-rate-limit: " + e.Message;
        }
    }

    public ServerOptions Apply(ParseResult parse, ServerOptions options) => options with
    {
        Exposure = options.Exposure with
        {
            CommandSteps = parse.GetValue(_commandSteps) ? CommandStepOptions.Enabled : CommandStepOptions.Disabled,
            AllowedWebhookHosts = WebhookHosts(parse),
            InferenceRateLimit = RateLimit(parse),
        },
    };

    private string[] WebhookHosts(ParseResult parse) =>
        (parse.GetValue(_webhookHosts) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private InferenceRateLimit? RateLimit(ParseResult parse) => ParseRateLimit(parse, _rateLimit);

    /// <summary><c>--inference-rate-limit</c>, shared by <c>server</c> and <c>serve</c>.</summary>
    internal static Option<string?> RateLimitOption() => new("--inference-rate-limit")
    {
        Description = "Inference requests per second each caller (token, user, or remote address) may make to each deployment: N, or N/BURST. Off by default; deployments may set their own limits too.",
    };

    /// <summary>The limit the option gives, or null when absent; throws <see cref="FormatException"/> for a bad value.</summary>
    internal static InferenceRateLimit? ParseRateLimit(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { Length: > 0 } text ? InferenceRateLimit.Parse(text) : null;
}
