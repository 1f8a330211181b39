using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crucible.Server.Tests.Hardening;

/// <summary>One answer of the server to a hostile request, with how long it took; <see cref="Body"/> keeps only the start of what was sent.</summary>
internal sealed record EdgeAnswer(string Method, string Target, string? ContentType, string Body, int Status, string? ResponseType, string Text, TimeSpan Elapsed)
{
    /// <summary>How much of a sent body an answer keeps (the walk sends megabytes; its checks read the start).</summary>
    public const int KeptBodyLength = 512;

    public JsonNode? Json
    {
        get
        {
            try
            {
                return Text.Length == 0 ? null : JsonNode.Parse(Text);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public override string ToString() =>
        $"{Method} {Target} [{ContentType ?? "no type"}] <- {Short(Body)}: {Status} {ResponseType} in {Elapsed.TotalMilliseconds:F0} ms: {Short(Text)}";

    private static string Short(string text) => text.Length > 120 ? text[..120] + "..." : text;
}

/// <summary>
/// Sends requests exactly as written: the target goes on the wire unnormalised (dot segments and percent escapes
/// kept), through <see cref="HttpClient"/> or, for what a URI cannot hold (a null byte), a raw socket.
/// </summary>
internal sealed class EdgeProbe(HttpClient http)
{
    public async Task<EdgeAnswer> SendAsync(string method, string target, string? body = null, string? contentType = "application/json")
    {
        var uri = new Uri(http.BaseAddress!.GetLeftPart(UriPartial.Authority) + target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            }
        }

        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return new EdgeAnswer(method, target, body is null ? null : contentType, Kept(body), (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, watch.Elapsed);
        }
        catch (TaskCanceledException)
        {
            return new EdgeAnswer(method, target, contentType, Kept(body), 0, null, "no answer (timed out)", watch.Elapsed);
        }
        catch (HttpRequestException e)
        {
            return new EdgeAnswer(method, target, contentType, Kept(body), 0, null, "no answer: " + e.Message, watch.Elapsed);
        }
    }

    private static string Kept(string? body) => body is null ? string.Empty : body.Length > EdgeAnswer.KeptBodyLength ? body[..EdgeAnswer.KeptBodyLength] : body;

    /// <summary>Writes <paramref name="requestHead"/> (request line and headers, CRLF-separated, without the final blank line) and reads the whole answer.</summary>
    public async Task<(int Status, string Head, string Body)> RawAsync(string requestHead)
    {
        var address = http.BaseAddress!;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        await using var stream = client.GetStream();
        var bytes = Encoding.Latin1.GetBytes(requestHead + $"\r\nHost: {address.Authority}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(bytes);
        using var buffer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.CopyToAsync(buffer, timeout.Token);
        var answer = Encoding.UTF8.GetString(buffer.ToArray());
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? answer : answer[..split];
        var status = head.Length > 12 ? int.Parse(head.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture) : 0;
        return (status, head, split < 0 ? string.Empty : answer[(split + 4)..]);
    }

    /// <summary>MLflow's <c>{error_code, message}</c>, the inference protocol's <c>{error}</c>, or ProblemDetails for the native API.</summary>
    public static bool IsFamilyError(string path, string? contentType, JsonNode? json) => path switch
    {
        _ when path.StartsWith("/api/crucible/", StringComparison.Ordinal) =>
            contentType == "application/problem+json" && json?["errorCode"] is not null && json["detail"] is not null,
        _ when path.StartsWith("/v2/", StringComparison.Ordinal) || path == "/v2" => contentType == "application/json" && json?["error"] is not null,
        _ => contentType == "application/json" && json?["error_code"] is not null && json["message"] is not null,
    };
}
