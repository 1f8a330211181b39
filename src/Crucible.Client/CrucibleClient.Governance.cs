using Crucible.Contracts.Governance;

namespace Crucible.Client;

/// <summary>Governance: model cards (<c>GET /api/crucible/v1/models/{name}/versions/{version}/card</c>).</summary>
public sealed partial class CrucibleClient
{
    /// <summary>A version's model card: its sections, gaps and NIST AI RMF coverage.</summary>
    public async Task<ModelCardDto> GetModelCardAsync(string name, string version, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, VersionUri(name, version, "card"));
        return await SendAsync(message, GovernanceJsonContext.Default.ModelCardDto, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A version's model card as the server renders it: <c>json</c>, <c>md</c> (Markdown) or <c>html</c> (a self-contained page).</summary>
    public async Task<string> GetModelCardTextAsync(string name, string version, string format, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(format);
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(VersionUri(name, version, "card") + "?format=" + Uri.EscapeDataString(format)));
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(message, response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
