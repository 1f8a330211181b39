using System.Globalization;

namespace Crucible.Client;

/// <summary>Drift over time of a deployment's traffic: <c>GET /api/crucible/v1/deployments/{name}/drift-report</c> (an HTML page).</summary>
public sealed partial class CrucibleClient
{
    /// <summary>
    /// The HTML drift report of [start, end) in windows of <paramref name="windowMs"/> (the server's hour when null) against the
    /// reference window [referenceStart, referenceEnd); every time is epoch milliseconds.
    /// </summary>
    public async Task<string> GetDriftReportAsync(
        string deployment, long start, long end, long referenceStart, long referenceEnd, long? windowMs = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        static string Ms(long value) => value.ToString(CultureInfo.InvariantCulture);
        var query = new QueryString()
            .Add("start_ms", Ms(start))
            .Add("end_ms", Ms(end))
            .Add("window_ms", windowMs is { } w ? Ms(w) : null)
            .Add("reference_start_ms", Ms(referenceStart))
            .Add("reference_end_ms", Ms(referenceEnd));
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(TrackingUri, $"{DeploymentPath(deployment)}/drift-report{query}"));
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(message, response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
