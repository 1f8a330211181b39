using System.Globalization;
using Crucible.Contracts.Monitoring;

namespace Crucible.Client;

/// <summary>Which windows <see cref="CrucibleClient.GetPerformanceAsync"/> reads; every time is Unix milliseconds, null for the server's default.</summary>
/// <param name="StartMs">First window start (default: 24 windows before the end).</param>
/// <param name="EndMs">End of the last window, exclusive (default: now).</param>
/// <param name="WindowMs">Window length (default: the deployment's monitor's, else one hour).</param>
/// <param name="ReferenceStartMs">Reference window start (default: the deployment's monitor's).</param>
/// <param name="ReferenceEndMs">Reference window end.</param>
/// <param name="ScoreOutput">The output holding the score (default: the first float output).</param>
/// <param name="Task"><c>classification</c> or <c>regression</c> (default: detected).</param>
public sealed record PerformanceQueryOptions(
    long? StartMs = null, long? EndMs = null, long? WindowMs = null, long? ReferenceStartMs = null, long? ReferenceEndMs = null, string? ScoreOutput = null, string? Task = null);

/// <summary>Ground truth and model performance: <c>/api/crucible/v1/deployments/{name}/labels</c> and <c>/performance</c> (ProblemDetails errors).</summary>
public sealed partial class CrucibleClient
{
    private static PerformanceJsonContext Performance => PerformanceJsonContext.Default;

    /// <summary>Posts ground truth by request id (at most 10,000 per call); re-posting replaces. Unknown ids are stored and counted as unmatched.</summary>
    public async Task<LabelsResponse> PostLabelsAsync(string deployment, IEnumerable<LabelDto> labels, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        ArgumentNullException.ThrowIfNull(labels);
        var body = new LabelsRequest { Labels = [.. labels] };
        using var message = new HttpRequestMessage(HttpMethod.Post, NativeUri($"deployments/{Uri.EscapeDataString(deployment)}/labels"))
        {
            Content = JsonBody(body, Performance.LabelsRequest),
        };
        return await SendAsync(message, Performance.LabelsResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Realized metrics (labelled rows) and CBPE estimates with sampling errors and alert bands, per window.</summary>
    public async Task<PerformanceResponse> GetPerformanceAsync(string deployment, PerformanceQueryOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        options ??= new PerformanceQueryOptions();
        static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);
        var query = new QueryString()
            .Add("start_ms", Text(options.StartMs))
            .Add("end_ms", Text(options.EndMs))
            .Add("window_ms", Text(options.WindowMs))
            .Add("reference_start_ms", Text(options.ReferenceStartMs))
            .Add("reference_end_ms", Text(options.ReferenceEndMs))
            .Add("score_output", options.ScoreOutput)
            .Add("task", options.Task);
        using var message = new HttpRequestMessage(HttpMethod.Get, NativeUri($"deployments/{Uri.EscapeDataString(deployment)}/performance{query}"));
        return await SendAsync(message, Performance.PerformanceResponse, cancellationToken).ConfigureAwait(false);
    }
}
