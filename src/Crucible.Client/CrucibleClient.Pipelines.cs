using System.Globalization;
using Crucible.Contracts.Pipelines;

namespace Crucible.Client;

/// <summary>Pipelines and their runs: Crucible's native <c>/api/crucible/v1/pipelines</c> and <c>/pipeline-runs</c> API (ProblemDetails errors).</summary>
public sealed partial class CrucibleClient
{
    private const string PipelinesApi = NativeApi + "pipelines";

    private static PipelinesJsonContext Pipelines => PipelinesJsonContext.Default;

    /// <summary>Validates a pipeline file on the server without storing it: valid, or every problem with its line and column.</summary>
    public async Task<ValidatePipelineResponse> ValidatePipelineAsync(string yaml, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(TrackingUri, PipelinesApi + "/validate"))
        {
            Content = JsonBody(new PipelineRequest { Yaml = yaml }, Pipelines.PipelineRequest),
        };
        return await SendAsync(message, Pipelines.ValidatePipelineResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the pipeline a file describes, or replaces the pipeline of that name; an invalid file throws with <c>INVALID_PARAMETER_VALUE</c>.</summary>
    public async Task<PipelineDto> SavePipelineAsync(string yaml, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(TrackingUri, PipelinesApi)) { Content = JsonBody(new PipelineRequest { Yaml = yaml }, Pipelines.PipelineRequest) };
        return (await SendAsync(message, Pipelines.PipelineResponse, cancellationToken).ConfigureAwait(false)).Pipeline;
    }

    public async Task<IReadOnlyList<PipelineDto>> ListPipelinesAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, PipelinesApi));
        return (await SendAsync(message, Pipelines.PipelinesResponse, cancellationToken).ConfigureAwait(false)).Pipelines ?? [];
    }

    public async Task<PipelineDto> GetPipelineAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, $"{PipelinesApi}/{Uri.EscapeDataString(name)}"));
        return (await SendAsync(message, Pipelines.PipelineResponse, cancellationToken).ConfigureAwait(false)).Pipeline;
    }

    /// <summary>Starts a run by hand with parameter overrides; returns it queued (poll <see cref="GetPipelineRunAsync"/> for its end).</summary>
    public async Task<PipelineRunDto> StartPipelineRunAsync(string name, IReadOnlyDictionary<string, string>? parameters = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(TrackingUri, $"{PipelinesApi}/{Uri.EscapeDataString(name)}/runs"))
        {
            Content = JsonBody(new StartPipelineRunRequest { Params = parameters }, Pipelines.StartPipelineRunRequest),
        };
        return (await SendAsync(message, Pipelines.PipelineRunResponse, cancellationToken).ConfigureAwait(false)).Run;
    }

    /// <summary>A pipeline's runs newest first, without their steps.</summary>
    public async Task<IReadOnlyList<PipelineRunDto>> ListPipelineRunsAsync(string name, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var query = new QueryString().Add("max_results", maxResults?.ToString(CultureInfo.InvariantCulture));
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, $"{PipelinesApi}/{Uri.EscapeDataString(name)}/runs" + query));
        return (await SendAsync(message, Pipelines.PipelineRunsResponse, cancellationToken).ConfigureAwait(false)).Runs ?? [];
    }

    /// <summary>A run with its steps (status, times, log, outputs).</summary>
    public async Task<PipelineRunDto> GetPipelineRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        using var message = new HttpRequestMessage(HttpMethod.Get, NativeUri($"pipeline-runs/{Uri.EscapeDataString(runId)}"));
        return (await SendAsync(message, Pipelines.PipelineRunResponse, cancellationToken).ConfigureAwait(false)).Run;
    }
}
