using System.Net;
using System.Text;

namespace Crucible.Cli.Tests.Client;

/// <summary>Answers every request with a fixed response and records what was asked, for transport-level tests.</summary>
internal sealed class StubHandler(HttpStatusCode status, string body, string contentType = "application/json") : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Uri, string? Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var content = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, content));
        return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
    }
}
