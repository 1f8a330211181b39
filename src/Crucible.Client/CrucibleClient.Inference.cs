using Crucible.Contracts.Serving;

namespace Crucible.Client;

/// <summary>Inference through a deployment: the Open Inference Protocol v2's <c>/v2/models/{name}/infer</c> (errors are <c>{error}</c>).</summary>
public sealed partial class CrucibleClient
{
    /// <summary>
    /// Scores <paramref name="request"/> with the deployment <paramref name="deployment"/> (a pinned <paramref name="version"/> of
    /// its models when given); <see cref="InferResponseDto.ModelVersion"/> says which version answered. Build inputs with
    /// <see cref="InferTensorDto.Fp32"/> and its siblings.
    /// </summary>
    public async Task<InferResponseDto> InferAsync(string deployment, InferRequestDto request, string? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        ArgumentNullException.ThrowIfNull(request);
        var path = $"v2/models/{Escape(deployment)}" + (version is null ? string.Empty : $"/versions/{Escape(version)}") + "/infer";
        var json = InferenceJsonContext.Default;
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(TrackingUri, path)) { Content = JsonBody(request, json.InferRequestDto) };
        return await SendAsync(message, json.InferResponseDto, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A deployment's inputs and outputs as the Open Inference Protocol describes them.</summary>
    public async Task<ModelMetadataDto> GetInferenceMetadataAsync(string deployment, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, $"v2/models/{Escape(deployment)}"));
        return await SendAsync(message, Serving.ModelMetadataDto, cancellationToken).ConfigureAwait(false);
    }
}
