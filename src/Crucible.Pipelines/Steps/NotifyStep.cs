using System.Text.Json;
using Crucible.Contracts.Pipelines;
using Crucible.Monitoring.Running;
using Crucible.Pipelines.Running;
using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Steps;

/// <summary>
/// <c>notify</c>: posts <c>{"event": "pipeline.notify", pipeline, run_id, message, outputs}</c> to the webhook
/// (signed when a secret is set, retried as alert webhooks are). A delivery that fails is logged and recorded in the
/// outputs but does not fail the run: a webhook outage must not undo a promotion. Outputs: <c>delivery</c>, <c>attempts</c>.
/// </summary>
public sealed class NotifyStep(WebhookSender webhooks) : IPipelineStep
{
    public const string EventName = "pipeline.notify";

    public string Type => StepTypes.Notify;

    public async Task<IReadOnlyDictionary<string, string>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var url = settings.RequiredText("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new PipelineStepException($"url '{url}' is not an http(s) URL");
        }

        var message = settings.Text("message") ?? $"Pipeline {context.Pipeline.Name} run {context.RunId} reached step {context.Step.Id}.";
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new PipelineNotification(EventName, context.Pipeline.Name, context.RunId, message, context.Outputs.ToDictionary()),
            PipelinesJsonContext.Default.PipelineNotification);
        var delivery = await webhooks.SendAsync(url, settings.Text("secret"), EventName, body, cancellationToken).ConfigureAwait(false);
        context.Log.Line($"webhook {uri.GetLeftPart(UriPartial.Path)}: {delivery.Status} after {delivery.Attempts} attempt(s){(delivery.Error is null ? string.Empty : ": " + delivery.Error)}");
        return new Dictionary<string, string>
        {
            ["delivery"] = delivery.Status,
            ["attempts"] = delivery.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
