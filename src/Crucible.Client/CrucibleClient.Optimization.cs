using Crucible.Contracts.Optimization;

namespace Crucible.Client;

/// <summary>Optimized variants: <c>/api/crucible/v1/models/{name}/versions/{version}/{optimize,variants}</c>.</summary>
public sealed partial class CrucibleClient
{
    /// <summary>
    /// Makes a variant of a version (graph, fp16, int8-dynamic, int8-static), measures it against the version on the
    /// request's dataset when one is given, and registers it as a new version linked to its parent; a failed gate
    /// registers nothing and is in <see cref="OptimizeVersionResponse.Gate"/>, not an error. A model the transform
    /// cannot convert throws with the blocking operator named.
    /// </summary>
    public async Task<OptimizeVersionResponse> OptimizeModelVersionAsync(string name, string version, OptimizeVersionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var json = OptimizationApiJsonContext.Default;
        using var message = new HttpRequestMessage(HttpMethod.Post, VersionUri(name, version, "optimize")) { Content = JsonBody(request, json.OptimizeVersionRequest) };
        return await SendAsync(message, json.OptimizeVersionResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A version's registered variants with their transforms, sizes and accuracy deltas.</summary>
    public async Task<ModelVariantsDto> ListModelVariantsAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, VersionUri(name, version, "variants"));
        return await SendAsync(message, OptimizationApiJsonContext.Default.ModelVariantsDto, cancellationToken).ConfigureAwait(false);
    }
}
