using System.Globalization;
using Crucible.Contracts.Features;

namespace Crucible.Client;

/// <summary>The feature store: Crucible's native <c>/api/crucible/v1/features</c> API (ProblemDetails errors).</summary>
public sealed partial class CrucibleClient
{
    private const string FeaturesApi = NativeApi + "features";

    private static FeaturesJsonContext Features => FeaturesJsonContext.Default;

    /// <summary>Applies definition files (file name to YAML text) as a new version of a feature project; the same files again return the latest version unchanged. Invalid files throw with every problem's file, line and column.</summary>
    public async Task<ApplyFeaturesResponse> ApplyFeaturesAsync(string project, IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(TrackingUri, FeaturesApi + "/projects"))
        {
            Content = JsonBody(new ApplyFeaturesRequest { Name = project, Files = files }, Features.ApplyFeaturesRequest),
        };
        return await SendAsync(message, Features.ApplyFeaturesResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every feature project's latest version, with its views and services.</summary>
    public async Task<IReadOnlyList<FeatureProjectDto>> ListFeatureProjectsAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, FeaturesApi + "/projects"));
        return (await SendAsync(message, Features.FeatureProjectsResponse, cancellationToken).ConfigureAwait(false)).Projects ?? [];
    }

    /// <summary>A feature project version (null: the latest) with its files.</summary>
    public async Task<FeatureProjectDto> GetFeatureProjectAsync(string project, long? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(project);
        var query = version is { } v ? "?version=" + v.ToString(CultureInfo.InvariantCulture) : string.Empty;
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, $"{FeaturesApi}/projects/{Uri.EscapeDataString(project)}{query}"));
        return (await SendAsync(message, Features.FeatureProjectResponse, cancellationToken).ConfigureAwait(false)).Project;
    }

    /// <summary>Online feature values for entities given by their join keys, with event times and ages.</summary>
    public async Task<OnlineFeaturesResponse> GetOnlineFeaturesAsync(OnlineFeaturesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(TrackingUri, FeaturesApi + "/online")) { Content = JsonBody(request, Features.OnlineFeaturesRequest) };
        return await SendAsync(message, Features.OnlineFeaturesResponse, cancellationToken).ConfigureAwait(false);
    }
}
